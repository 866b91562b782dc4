/** The signed-in person's account: profile, password, email, sessions, deletion. */
import type { FastifyInstance } from "fastify";
import {
  accountPatchSchema,
  deleteAccountSchema,
  emailChangeSchema,
  passwordChangeSchema,
  type SessionInfo,
} from "../../shared/api/auth.ts";
import { type AccountDeps, changePassword, deleteAccount, requestEmailChange } from "../auth/accounts.ts";
import { mailStatus } from "../email/mailer.ts";
import { publicUser } from "./authRoutes.ts";
import { HttpError } from "./errors.ts";
import { clearSessionCookie, requireSession, type SessionCookie } from "./session.ts";

const wrongPassword = () => new HttpError(403, "wrong-password", "The password is not right.");

export function accountRoutes({ deps, cookie }: { deps: AccountDeps; cookie: SessionCookie }) {
  const { storage } = deps;
  return async (app: FastifyInstance) => {
    app.get("/api/account", async (request) => {
      const session = requireSession(request);
      const sessions: SessionInfo[] = (await storage.sessions.listForUser(session.user.id)).map((s) => ({
        id: s.id,
        createdAt: new Date(s.createdAt).toISOString(),
        lastUsedAt: new Date(s.lastVerifiedAt).toISOString(),
        current: s.id === session.id,
      }));
      return { user: publicUser(session.user), sessions };
    });

    app.patch("/api/account", async (request) => {
      const session = requireSession(request);
      await storage.users.update(session.user.id, accountPatchSchema.parse(request.body));
      return { user: publicUser((await storage.users.byId(session.user.id)) ?? session.user) };
    });

    app.post("/api/account/password", async (request) => {
      const session = requireSession(request);
      const { currentPassword, newPassword } = passwordChangeSchema.parse(request.body);
      if (!(await changePassword(deps, session.user, currentPassword, newPassword, session.id))) throw wrongPassword();
      return { status: "password-changed" };
    });

    app.post("/api/account/email", async (request, reply) => {
      const session = requireSession(request);
      const { newEmail, password } = emailChangeSchema.parse(request.body);
      if (!(await requestEmailChange(deps, session.user, newEmail, password))) throw wrongPassword();
      return reply.status(202).send(mailStatus(deps.mailer));
    });

    app.delete<{ Params: { id: string } }>("/api/account/sessions/:id", async (request, reply) => {
      const session = requireSession(request);
      const owned = (await storage.sessions.listForUser(session.user.id)).some((s) => s.id === request.params.id);
      if (!owned) throw new HttpError(404, "not-found", "session not found");
      await storage.sessions.delete(request.params.id);
      return reply.status(204).send();
    });

    app.delete("/api/account", async (request, reply) => {
      const session = requireSession(request);
      if (!(await deleteAccount(deps, session.user, deleteAccountSchema.parse(request.body ?? {}).password))) {
        throw wrongPassword();
      }
      clearSessionCookie(reply, cookie);
      return reply.status(204).send();
    });
  };
}
