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
  // A callback hook: only a request with a token has something to wait for.
  app.addHook("preHandler", (request, _reply, done) => {
    const header = request.headers.authorization;
    if (!header?.startsWith("Bearer ")) {
      request.principal = request.session ? { kind: "user", userId: request.session.user.id } : ANONYMOUS;
      return done();
    }
    Promise.resolve(principalOfApiToken(options.storage, header.slice("Bearer ".length).trim())).then((principal) => {
      if (!principal) return done(new HttpError(401, "invalid-token", "This API token is unknown or was revoked."));
      request.principal = principal;
      done();
    }, done);
  });
});
