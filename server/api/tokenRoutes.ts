/** Personal API tokens of the signed-in person. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { createApiToken } from "../auth/apiTokens.ts";
import type { Storage } from "../storage/types.ts";
import { HttpError } from "./errors.ts";
import { requireSession } from "./session.ts";

const newTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(["read", "write"]),
  datasetIds: z.array(z.string().min(1).max(100)).min(1).max(1000),
});

export function tokenRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get("/api/account/tokens", async (request) => {
      const { user } = requireSession(request);
      const tokens = await storage.apiTokens.listForUser(user.id);
      return { tokens: tokens.map(({ secretHash: _, userId: __, ...visible }) => visible) };
    });

    app.post("/api/account/tokens", async (request, reply) => {
      // Tokens are made by a person in the app, never by another token.
      if (request.principal.kind !== "user") throw new HttpError(401, "sign-in-required", "Sign in to create a token.");
      const { token, record } = await createApiToken(
        storage,
        request.principal.userId,
        newTokenSchema.parse(request.body),
      );
      const { secretHash: _, userId: __, ...visible } = record;
      return reply.status(201).send({ ...visible, token });
    });

    app.delete<{ Params: { id: string } }>("/api/account/tokens/:id", async (request, reply) => {
      const { user } = requireSession(request);
      if (!(await storage.apiTokens.revoke(user.id, request.params.id)))
        throw new HttpError(404, "not-found", "token not found");
      return reply.status(204).send();
    });
  };
}
