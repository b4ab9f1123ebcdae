import type { GenerateSpecOptions } from "hono-openapi";

/** The parts of /openapi.json that no route describes: info, the bearer scheme, defaults. */
export const openApiOptions: Partial<GenerateSpecOptions> = {
  documentation: {
    openapi: "3.1.0",
    info: {
      title: "peer-roster",
      version: "1.0.0",
      description:
        "The peer supporters directory (v2) and the peer mentor registry (v1). Every `/api` route needs `Authorization: Bearer <secret key>`; a key sees only its own organization. The peer supporter roster also takes a publishable key (`?key=prt_pk_…`), which reads its approved members and nothing else.",
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A secret key from `npm run -s token -- create --org ID`.",
        },
        publishableKey: {
          type: "apiKey",
          in: "query",
          name: "key",
          description:
            "A publishable key (`prt_pk_…`) from `npm run -s token -- create --org ID --publishable`: the public roster only. It may also be sent as `Authorization: Bearer`.",
        },
      },
    },
  },
  exclude: ["/openapi.json", "/docs"],
  // A route with a validator can answer 400, in the API's one error shape.
  defaultValidationErrorResponse: {
    description: "Invalid request: `details` lists every failing field",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
};
