/** Who each request acts for: an API token (Authorization: Bearer), a signed-in session, or nobody. */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { principalOfApiToken } from "../auth/apiTokens.ts";
import { ANONYMOUS, type Principal } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { HttpError } from "./errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
}

export const principalPlugin = fp(async (app: FastifyInstance, options: { storage: Storage }) => {
  app.decorateRequest("principal", null as never);
  app.addHook("preHandler", async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      const principal = await principalOfApiToken(options.storage, header.slice("Bearer ".length).trim());
      if (!principal) throw new HttpError(401, "invalid-token", "This API token is unknown or was revoked.");
      request.principal = principal;
      return;
    }
    request.principal = request.session ? { kind: "user", userId: request.session.user.id } : ANONYMOUS;
  });
});
