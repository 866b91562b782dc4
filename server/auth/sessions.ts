/**
 * Sessions the way Lucia's authors now recommend writing them by hand: a random `<id>.<secret>`
 * token in an HttpOnly cookie, only a hash stored, an inactivity timeout (renewed at most hourly)
 * and an absolute lifetime. A new session is made at every sign-in.
 */
import type { UserRecord } from "../storage/accountTypes.ts";
import type { Storage } from "../storage/types.ts";
import { issueSecret, parseSecret, secretMatches } from "./secrets.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const SESSION_INACTIVITY_MS = 14 * DAY;
export const SESSION_LIFETIME_MS = 60 * DAY;

export type ValidSession = { id: string; user: UserRecord; createdAt: number };

export async function createSession(storage: Storage, userId: string, now = Date.now()): Promise<string> {
  const { id, token, secretHash } = issueSecret();
  await storage.sessions.create({ id, userId, secretHash, createdAt: now, lastVerifiedAt: now });
  return token;
}

export async function validateSession(storage: Storage, token: string, now = Date.now()): Promise<ValidSession | null> {
  const parts = parseSecret(token);
  if (!parts) return null;
  const session = await storage.sessions.get(parts.id);
  if (!session || !secretMatches(parts.secret, session.secretHash)) return null;
  if (now - session.lastVerifiedAt > SESSION_INACTIVITY_MS || now - session.createdAt > SESSION_LIFETIME_MS) {
    await storage.sessions.delete(session.id);
    return null;
  }
  if (now - session.lastVerifiedAt > HOUR) await storage.sessions.touch(session.id, now);
  const user = await storage.users.byId(session.userId);
  return user ? { id: session.id, user, createdAt: session.createdAt } : null;
}

export async function sessionIdOf(token: string): Promise<string | null> {
  return parseSecret(token)?.id ?? null;
}
