import type { GenerateSpecOptions } from "hono-openapi";

/** The parts of /openapi.json that no route describes: info, the bearer scheme, defaults. */
export const openApiOptions: Partial<GenerateSpecOptions> = {
  documentation: {
    openapi: "3.1.0",
    info: {
      title: "peer-roster",
      version: "1.0.0",
      description:
        "The peer supporters directory (v2) and the peer mentor registry (v1). Every `/api` route needs `Authorization: Bearer <token>`; a token sees only its own organization.",
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A token from `npm run -s token -- create --org ID`.",
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
