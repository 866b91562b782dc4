/** Sign-up, email verification, sign-in and out, password reset, email change confirmation. */
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { authApi, type PublicUser } from "../../shared/api/auth.ts";
import {
  type AccountDeps,
  confirmEmailChange,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  verifyEmail,
} from "../auth/accounts.ts";
import { mailStatus } from "../email/mailer.ts";
import type { UserRecord } from "../storage/accountTypes.ts";
import { addressLimitKey } from "./addressLimitKey.ts";
import { HttpError } from "./errors.ts";
import { serve } from "./serve.ts";
import { clearSessionCookie, type SessionCookie, setSessionCookie } from "./session.ts";

export const publicUser = (user: UserRecord): PublicUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  language: user.language,
  isAdmin: user.isAdmin,
});

export type AuthRouteOptions = { deps: AccountDeps; cookie: SessionCookie; attemptsPerMinute: number };

export function authRoutes({ deps, cookie, attemptsPerMinute }: AuthRouteOptions) {
  return async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      max: attemptsPerMinute,
      timeWindow: 60_000,
      keyGenerator: addressLimitKey("auth"),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: "too-many-attempts",
        message: `Too many attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      }),
    });

    serve(app, authApi.signUp, async ({ body }) => {
      await signUp(deps, body);
      return mailStatus(deps.mailer);
    });

    serve(app, authApi.verifyEmail, async ({ body }) => {
      if (!(await verifyEmail(deps, body.token))) throw invalidLink();
      return { status: "verified" as const };
    });

    serve(app, authApi.signIn, async ({ body: { email, password } }, request, reply) => {
      const result = await signIn(deps, email, password);
      if (!result.ok) {
        if (result.reason === "unverified") {
          const message = deps.mailer.configured
            ? "Confirm your email address first: see the link we sent you."
            : "Your address is not confirmed yet, and no email server is configured: ask an administrator to confirm your account.";
          throw new HttpError(403, "email-not-verified", message);
        }
        throw new HttpError(401, "invalid-credentials", "Wrong email address or password.");
      }
      // A new session at every sign-in (never reuse a token from before): no session fixation.
      if (request.session) await deps.storage.sessions.delete(request.session.id);
      setSessionCookie(reply, cookie, result.token);
      return { user: publicUser(result.user) };
    });

    serve(app, authApi.signOut, async (_, request, reply) => {
      if (request.session) await deps.storage.sessions.delete(request.session.id);
      clearSessionCookie(reply, cookie);
    });

    serve(app, authApi.requestReset, async ({ body }) => {
      await requestPasswordReset(deps, body.email);
      return mailStatus(deps.mailer);
    });

    serve(app, authApi.resetPassword, async ({ body: { token, password } }, _, reply) => {
      if (!(await resetPassword(deps, token, password))) throw invalidLink();
      clearSessionCookie(reply, cookie);
      return { status: "password-changed" as const };
    });

    serve(app, authApi.confirmEmail, async ({ body }) => {
      const result = await confirmEmailChange(deps, body.token);
      if (result === "invalid") throw invalidLink();
      if (result === "taken") throw new HttpError(409, "email-taken", "Another account already uses this address.");
      return { status: "email-changed" as const };
    });
  };
}

const invalidLink = () =>
  new HttpError(
    400,
    "invalid-or-expired-link",
    "This link is invalid, was already used or has expired. Ask for a new one.",
  );
