/**
 * Bearer secrets of the form `<id>.<secret>`: the id finds the record, only SHA-256(secret) is
 * stored, and the secret is compared in constant time. Used for sessions, one-time email tokens
 * and API tokens, so a leaked database holds nothing usable.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type IssuedSecret = { id: string; token: string; secretHash: Uint8Array };

export function issueSecret(prefix = ""): IssuedSecret {
  const id = randomBytes(15).toString("base64url"); // 120 bits
  const secret = randomBytes(32).toString("base64url"); // 256 bits
  return { id, token: `${prefix}${id}.${secret}`, secretHash: sha256(secret) };
}

/** Splits a presented token; null if it is not shaped like one. */
export function parseSecret(token: string, prefix = ""): { id: string; secret: string } | null {
  if (!token.startsWith(prefix)) return null;
  const [id, secret, extra] = token.slice(prefix.length).split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 128) return null;
  return { id, secret };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const hash = sha256(secret);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}

export const sha256 = (text: string) => new Uint8Array(createHash("sha256").update(text).digest());
