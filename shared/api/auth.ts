/** Account API shapes, shared by server (validation) and client. */
import { z } from "zod";
import { route } from "./route.ts";

/**
 * A language, as the folder names of client/locales and server/locales spell it. Any well-formed tag
 * is kept; emails fall back to English for a language they are not written in.
 */
const language = z.string().regex(/^[a-z]{2,3}$/);
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
const password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
const token = z.string().min(1).max(300);
/** A path on this site to return to (never another site: no "//host", no backslashes). */
export const sitePath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s\\]*$/);

export const signUpSchema = z.object({
  email,
  password,
  name: z.string().trim().min(1).max(100),
  language: language.default("en"),
  /** Where to go once the address is confirmed (e.g. back to an invitation). */
  next: sitePath.optional(),
});
export const signInSchema = z.object({ email, password: z.string().min(1).max(PASSWORD_MAX) });
export const tokenSchema = z.object({ token });
export const resetRequestSchema = z.object({ email });
export const resetSchema = z.object({ token, password });
export const accountPatchSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  language: language.optional(),
});
export const passwordChangeSchema = z.object({ currentPassword: z.string().max(PASSWORD_MAX), newPassword: password });
export const emailChangeSchema = z.object({ newEmail: email, password: z.string().max(PASSWORD_MAX) });
export const deleteAccountSchema = z.object({ password: z.string().max(PASSWORD_MAX).default("") });

/** Stable codes of failed provider sign-ins, sent to the sign-in page as `/sign-in?error=<code>`. */
export const OAUTH_ERRORS = [
  "oauth-unknown-provider",
  "oauth-denied",
  "oauth-provider-error",
  "oauth-invalid-state",
  "oauth-invalid-token",
  "oauth-email-unverified",
  "oauth-failed",
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERRORS)[number];

export const publicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  language: z.string(),
  isAdmin: z.boolean(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export const sessionInfoSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/**
 * What became of an email the person asked for (sign-up, password reset, email change): sent, or,
 * with no SMTP server configured, kept in the administrators' outbox, so no page claims it was sent.
 */
export const mailStatusSchema = z.object({ status: z.enum(["check-your-inbox", "no-email-server"]) });
export type MailStatus = z.infer<typeof mailStatusSchema>;

const signedIn = z.object({ user: publicUserSchema });
const done = <S extends string>(status: S) => z.object({ status: z.literal(status) });

/** Signing up, in and out, confirming an address, resetting a password (docs/API.md, "Accounts"). */
export const authApi = {
  signUp: route({
    method: "POST",
    path: "/api/auth/sign-up",
    body: signUpSchema,
    answer: mailStatusSchema,
    status: 202,
  }),
  verifyEmail: route({ method: "POST", path: "/api/auth/verify-email", body: tokenSchema, answer: done("verified") }),
  signIn: route({ method: "POST", path: "/api/auth/sign-in", body: signInSchema, answer: signedIn }),
  signOut: route({ method: "POST", path: "/api/auth/sign-out", answer: null }),
  requestReset: route({
    method: "POST",
    path: "/api/auth/password-reset/request",
    body: resetRequestSchema,
    answer: mailStatusSchema,
    status: 202,
  }),
  resetPassword: route({
    method: "POST",
    path: "/api/auth/password-reset",
    body: resetSchema,
    answer: done("password-changed"),
  }),
  confirmEmail: route({
    method: "POST",
    path: "/api/auth/confirm-email",
    body: tokenSchema,
    answer: done("email-changed"),
  }),
  /** The sign-in providers configured (OpenID Connect, GitHub, GitLab). */
  providers: route({
    method: "GET",
    path: "/api/auth/providers",
    answer: z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) }),
  }),
  /**
   * Sign-in through a provider: a browser goes there (a link, not a fetch) and is redirected to the
   * provider, which sends it back to the callback; both end with a redirect, to `next` or to
   * `/sign-in?error=<code>`. Their queries never refuse: a value of the wrong kind is left out,
   * and the sign-in fails with a redirect like any other failure.
   */
  oauthStart: route({
    method: "GET",
    path: "/api/auth/oauth/:provider/start",
    query: z.object({ next: z.string().optional().catch(undefined) }),
    answer: null,
    status: 302,
  }),
  oauthCallback: route({
    method: "GET",
    path: "/api/auth/oauth/:provider/callback",
    // Whatever the provider adds (`code`, `iss`, …) is kept: all of it goes back to the provider.
    query: z.looseObject({
      state: z.string().optional().catch(undefined),
      error: z.string().optional().catch(undefined),
      error_description: z.string().optional().catch(undefined),
    }),
    answer: null,
    status: 302,
  }),
};

/** The signed-in person's own account. */
export const accountApi = {
  get: route({
    method: "GET",
    path: "/api/account",
    answer: z.object({ user: publicUserSchema, sessions: z.array(sessionInfoSchema) }),
  }),
  update: route({ method: "PATCH", path: "/api/account", body: accountPatchSchema, answer: signedIn }),
  changePassword: route({
    method: "POST",
    path: "/api/account/password",
    body: passwordChangeSchema,
    answer: done("password-changed"),
  }),
  changeEmail: route({
    method: "POST",
    path: "/api/account/email",
    body: emailChangeSchema,
    answer: mailStatusSchema,
    status: 202,
  }),
  revokeSession: route({ method: "DELETE", path: "/api/account/sessions/:id", answer: null }),
  delete: route({ method: "DELETE", path: "/api/account", body: deleteAccountSchema, answer: null }),
};
