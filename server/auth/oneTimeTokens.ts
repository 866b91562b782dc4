/** Single-use, hashed, short-lived tokens sent by email (verification, reset, email change). */
import type { OneTimeTokenRecord, TokenPurpose, UserRecord } from "../storage/accountTypes.ts";
import type { Storage } from "../storage/types.ts";
import { issueSecret, parseSecret, secretMatches } from "./secrets.ts";

const MINUTE = 60_000;
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  "verify-email": 24 * 60 * MINUTE,
  "reset-password": 30 * MINUTE,
  "change-email": 60 * MINUTE,
};

export async function issueToken(
  storage: Storage,
  purpose: TokenPurpose,
  user: UserRecord,
  email: string,
  now = Date.now(),
): Promise<string> {
  const { id, token, secretHash } = issueSecret();
  await storage.tokens.create({
    id,
    purpose,
    userId: user.id,
    email,
    secretHash,
    data: null,
    expiresAt: now + TOKEN_LIFETIME_MS[purpose],
  });
  return token;
}

/** Spends a token: it is deleted before it is checked, so even a failed attempt uses it up. */
export async function consumeToken(
  storage: Storage,
  token: string,
  purpose: TokenPurpose,
  now = Date.now(),
): Promise<OneTimeTokenRecord | null> {
  const parts = parseSecret(token);
  if (!parts) return null;
  const record = await storage.tokens.take(parts.id);
  if (!record || record.purpose !== purpose || record.expiresAt < now) return null;
  return secretMatches(parts.secret, record.secretHash) ? record : null;
}
