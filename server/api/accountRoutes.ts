/** The signed-in person's account: profile, password, email, sessions, deletion. */
import type { FastifyInstance } from "fastify";
import { accountApi, type SessionInfo } from "../../shared/api/auth.ts";
import { type AccountDeps, changePassword, deleteAccount, requestEmailChange } from "../auth/accounts.ts";
import { mailStatus } from "../email/mailer.ts";
import { publicUser } from "./authRoutes.ts";
import { HttpError } from "./errors.ts";
import { serve } from "./serve.ts";
import { clearSessionCookie, requireSession, type SessionCookie } from "./session.ts";

const wrongPassword = () => new HttpError(403, "wrong-password", "The password is not right.");

export function accountRoutes({ deps, cookie }: { deps: AccountDeps; cookie: SessionCookie }) {
  const { storage } = deps;
  return async (app: FastifyInstance) => {
    serve(app, accountApi.get, async (_, request) => {
      const session = requireSession(request);
      const sessions: SessionInfo[] = (await storage.sessions.listForUser(session.user.id)).map((s) => ({
        id: s.id,
        createdAt: new Date(s.createdAt).toISOString(),
        lastUsedAt: new Date(s.lastVerifiedAt).toISOString(),
        current: s.id === session.id,
      }));
      return { user: publicUser(session.user), sessions };
    });

    serve(app, accountApi.update, async ({ body }, request) => {
      const session = requireSession(request);
      await storage.users.update(session.user.id, body);
      return { user: publicUser((await storage.users.byId(session.user.id)) ?? session.user) };
    });

    serve(app, accountApi.changePassword, async ({ body: { currentPassword, newPassword } }, request) => {
      const session = requireSession(request);
      if (!(await changePassword(deps, session.user, currentPassword, newPassword, session.id))) throw wrongPassword();
      return { status: "password-changed" as const };
    });

    serve(app, accountApi.changeEmail, async ({ body: { newEmail, password } }, request) => {
      const session = requireSession(request);
      if (!(await requestEmailChange(deps, session.user, newEmail, password))) throw wrongPassword();
      return mailStatus(deps.mailer);
    });

    serve(app, accountApi.revokeSession, async ({ params }, request) => {
      const session = requireSession(request);
      const owned = (await storage.sessions.listForUser(session.user.id)).some((s) => s.id === params.id);
      if (!owned) throw new HttpError(404, "not-found", "session not found");
      await storage.sessions.delete(params.id);
    });

    serve(app, accountApi.delete, async ({ body }, request, reply) => {
      const session = requireSession(request);
      if (!(await deleteAccount(deps, session.user, body.password))) throw wrongPassword();
      clearSessionCookie(reply, cookie);
    });
  };
}
