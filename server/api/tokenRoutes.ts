/** Personal API tokens of the signed-in person. */
import type { FastifyInstance } from "fastify";
import { tokenApi } from "../../shared/api/tokens.ts";
import { createApiToken } from "../auth/apiTokens.ts";
import type { Storage } from "../storage/types.ts";
import { HttpError } from "./errors.ts";
import { serve } from "./serve.ts";
import { requireSession } from "./session.ts";

export function tokenRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    serve(app, tokenApi.list, async (_, request) => {
      const { user } = requireSession(request);
      const tokens = await storage.apiTokens.listForUser(user.id);
      return { tokens: tokens.map(({ secretHash: _, userId: __, ...visible }) => visible) };
    });

    serve(app, tokenApi.create, async ({ body }, request) => {
      // Tokens are made by a person in the app, never by another token.
      if (request.principal.kind !== "user") throw new HttpError(401, "sign-in-required", "Sign in to create a token.");
      const { token, record } = await createApiToken(storage, request.principal.userId, body);
      const { secretHash: _, userId: __, ...visible } = record;
      return { ...visible, token };
    });

    serve(app, tokenApi.revoke, async ({ params }, request) => {
      const { user } = requireSession(request);
      if (!(await storage.apiTokens.revoke(user.id, params.id)))
        throw new HttpError(404, "not-found", "token not found");
    });
  };
}
