/**
 * Account flows: sign-up with email verification, sign-in, password reset, email and password
 * changes, deletion. Answers never reveal whether an address has an account.
 */
import { randomUUID } from "node:crypto";
import type { Mailer } from "../email/mailer.ts";
import { renderMail } from "../email/templates.ts";
import type { Language, UserRecord } from "../storage/accountTypes.ts";
import type { Storage } from "../storage/types.ts";
import { consumeToken, issueToken } from "./oneTimeTokens.ts";
import { hashPassword, needsRehash, verifyPassword } from "./passwords.ts";
import { createSession } from "./sessions.ts";

/** Builds a link to a page of the app, with a token and optional extra query parameters. */
export type LinkBuilder = (page: string, token: string, extra?: Record<string, string>) => string;
export type AccountDeps = { storage: Storage; mailer: Mailer; link: LinkBuilder };

export type SignUp = { email: string; password: string; name: string; language: Language; next?: string };

// Verified against when an address has no account, so both answers take as long.
const DUMMY_HASH = hashPassword("not a real password, only for timing");

export async function signUp({ storage, mailer, link }: AccountDeps, input: SignUp): Promise<void> {
  const existing = await storage.users.byEmail(input.email);
  if (existing) {
    await mailer.send(
      existing.email,
      renderMail("signUpExisting", existing.language, {
        name: existing.name,
        link: link("/reset-password", ""),
      }),
    );
    return;
  }
  const user = await storage.users.create({
    id: randomUUID(),
    email: input.email,
    emailVerified: false,
    passwordHash: await hashPassword(input.password),
    name: input.name,
    language: input.language,
    createdAt: new Date().toISOString(),
  });
  if (!user) return; // created concurrently: the other request sent the mail
  await sendVerification({ storage, mailer, link }, user, input.next);
}

/** Mails the confirmation link; `next` (a path on this site) is where the person goes afterwards. */
export async function sendVerification({ storage, mailer, link }: AccountDeps, user: UserRecord, next?: string) {
  const token = await issueToken(storage, "verify-email", user, user.email);
  const url = link("/verify-email", token, next ? { next } : {});
  await mailer.send(user.email, renderMail("verifyEmail", user.language, { name: user.name, link: url }));
}

export async function verifyEmail({ storage }: AccountDeps, token: string): Promise<boolean> {
  const record = await consumeToken(storage, token, "verify-email");
  if (!record?.userId) return false;
  const user = await storage.users.byId(record.userId);
  if (!user || user.email.toLowerCase() !== record.email.toLowerCase()) return false;
  await storage.users.update(user.id, { emailVerified: true });
  return true;
}

export type SignInResult =
  | { ok: true; token: string; user: UserRecord }
  | { ok: false; reason: "invalid" | "unverified" };

export async function signIn({ storage }: AccountDeps, email: string, password: string): Promise<SignInResult> {
  const user = await storage.users.byEmail(email);
  if (!user?.passwordHash) {
    await verifyPassword(password, await DUMMY_HASH);
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: "invalid" };
  if (!user.emailVerified) return { ok: false, reason: "unverified" };
  if (needsRehash(user.passwordHash))
    await storage.users.update(user.id, { passwordHash: await hashPassword(password) });
  return { ok: true, token: await createSession(storage, user.id), user };
}

export async function requestPasswordReset({ storage, mailer, link }: AccountDeps, email: string): Promise<void> {
  const user = await storage.users.byEmail(email);
  if (!user) return;
  const token = await issueToken(storage, "reset-password", user, user.email);
  await mailer.send(
    user.email,
    renderMail("resetPassword", user.language, { name: user.name, link: link("/reset-password", token) }),
  );
}

/** Sets a new password and signs out every session (no automatic sign-in). */
export async function resetPassword(
  { storage, mailer }: AccountDeps,
  token: string,
  password: string,
): Promise<boolean> {
  const record = await consumeToken(storage, token, "reset-password");
  const user = record?.userId ? await storage.users.byId(record.userId) : null;
  if (!user) return false;
  // Receiving the reset link proves the address too.
  await storage.users.update(user.id, { passwordHash: await hashPassword(password), emailVerified: true });
  await storage.sessions.deleteForUser(user.id);
  await mailer.send(user.email, renderMail("passwordChanged", user.language, { name: user.name }));
  return true;
}

export async function changePassword(
  { storage, mailer }: AccountDeps,
  user: UserRecord,
  current: string,
  next: string,
  keepSessionId: string,
): Promise<boolean> {
  if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash))) return false;
  await storage.users.update(user.id, { passwordHash: await hashPassword(next) });
  await storage.sessions.deleteForUser(user.id, keepSessionId);
  await mailer.send(user.email, renderMail("passwordChanged", user.language, { name: user.name }));
  return true;
}

/** Sends a confirmation link to the new address; the change happens when it is followed. */
export async function requestEmailChange(
  { storage, mailer, link }: AccountDeps,
  user: UserRecord,
  newEmail: string,
  password: string,
): Promise<boolean> {
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) return false;
  const token = await issueToken(storage, "change-email", user, newEmail);
  await mailer.send(
    newEmail,
    renderMail("confirmEmailChange", user.language, { name: user.name, link: link("/confirm-email", token) }),
  );
  return true;
}

export async function confirmEmailChange(
  { storage }: AccountDeps,
  token: string,
): Promise<"changed" | "invalid" | "taken"> {
  const record = await consumeToken(storage, token, "change-email");
  if (!record?.userId) return "invalid";
  const changed = await storage.users.update(record.userId, { email: record.email, emailVerified: true });
  return changed ? "changed" : "taken";
}

export async function deleteAccount({ storage }: AccountDeps, user: UserRecord, password: string): Promise<boolean> {
  if (user.passwordHash && !(await verifyPassword(password, user.passwordHash))) return false;
  // Their proposals stay (their changes may be in the data), with nothing left that names them.
  await storage.proposals.forgetAuthor(user.id);
  await storage.users.delete(user.id);
  return true;
}
