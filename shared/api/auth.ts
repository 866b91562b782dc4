/** Account API shapes, shared by server (validation) and client. */
import { z } from "zod";

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

export type PublicUser = { id: string; email: string; name: string; language: string; isAdmin: boolean };
export type SessionInfo = { id: string; createdAt: string; lastUsedAt: string; current: boolean };
