import { app } from "./app.ts";
import { createDatabase } from "./db/client.ts";
import { refreshMentorStatuses } from "./jobs/refresh-mentor-statuses.ts";
import { certWarningDays } from "./peer-mentors/status-rules.ts";

export default {
  fetch: app.fetch,

  /** Hourly (wrangler.toml [triggers]): keeps every mentor's stored status true to the clock. */
  async scheduled(controller, env) {
    const report = await refreshMentorStatuses(
      createDatabase(env.DB),
      new Date(controller.scheduledTime),
      certWarningDays(env),
    );
    console.log(
      JSON.stringify({ event: "mentor_status_refresh", cron: controller.cron, ...report }),
    );
  },
} satisfies ExportedHandler<Env>;
