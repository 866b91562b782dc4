/** Instance administrators: every account (with its role), confirming one by hand, the outbox. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { adminApi } from "../../shared/api/admin.ts";
import type { Storage } from "../storage/types.ts";
import { publicUser } from "./authRoutes.ts";
import { HttpError } from "./errors.ts";
import { serve } from "./serve.ts";
import { requireSession } from "./session.ts";

function requireAdmin(request: FastifyRequest) {
  const session = requireSession(request);
  if (!session.user.isAdmin) throw new HttpError(403, "forbidden", "Only instance administrators may see this.");
  return session;
}

export function adminRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    serve(app, adminApi.outbox, async (_, request) => {
      requireAdmin(request);
      return { mails: await storage.outbox.list(100) };
    });

    serve(app, adminApi.users, async (_, request) => {
      requireAdmin(request);
      return {
        users: (await storage.users.list()).map((u) => ({
          ...publicUser(u),
          emailVerified: u.emailVerified,
          createdAt: u.createdAt,
        })),
      };
    });

    // Without an SMTP server nobody receives the confirmation link: an administrator vouches instead.
    serve(app, adminApi.confirmAccount, async ({ params }, request) => {
      requireAdmin(request);
      const user = await storage.users.byId(params.id);
      if (!user) throw new HttpError(404, "not-found", "account not found");
      await storage.users.update(user.id, { emailVerified: true });
      request.log.info({ userId: user.id }, "account confirmed by an administrator");
      return { ...publicUser(user), emailVerified: true, createdAt: user.createdAt };
    });
  };
}
