import { execSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

// Clock ticks per second, the unit of /proc/<pid>/stat's CPU times.
const TICKS_PER_SECOND = Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;

type ProcStat = { pid: number; ppid: number; name: string; cpuTicks: number };

function readStat(pid: string): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (name) state ppid … utime stime …": the name may hold spaces, so split after ")".
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      pid: Number(pid),
      ppid: Number(fields[1]),
      name,
      cpuTicks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined; // The process ended meanwhile.
  }
}

/**
 * CPU milliseconds (user + system) used so far by the `workerd` processes
 * that descend from `rootPid` (a `wrangler dev`): the runtime's own work,
 * without wrangler's proxy or the load generator.
 */
export function workerdCpuMs(rootPid: number): number {
  const stats = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(readStat)
    .filter((stat): stat is ProcStat => stat !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let ticks = 0;
  const pending = [...(children.get(rootPid) ?? [])];
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    if (stat.name === "workerd") ticks += stat.cpuTicks;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
