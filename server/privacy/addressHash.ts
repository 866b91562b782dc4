/**
 * Client addresses are never stored: where the server must tell visitors apart (rate limits, the
 * attribution of anonymous edits), it keys them by a salted hash of the address. The salt is random,
 * held only in memory and replaced every `rotateMs`, so yesterday's keys cannot be linked to today's
 * and nothing on disk can be turned back into an address.
 */
import { createHmac, randomBytes } from "node:crypto";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Keys computed with the current salt, kept because every edit of a visitor is attributed by its key. */
const MAX_REMEMBERED = 10_000;

export type AddressHasher = ((address: string) => string) & {
  /**
   * The span of the current salt: a hash made before `since` no longer matches the same address
   * (the salt was replaced, or the server restarted), and none made now will after `until`.
   */
  currentSalt: () => { since: number; until: number };
};

export function addressHasher(rotateMs = DAY_MS, now: () => number = Date.now): AddressHasher {
  let salt = randomBytes(32);
  let saltedAt = now();
  const keys = new Map<string, string>();
  const hash = (address: string): string => {
    if (now() - saltedAt >= rotateMs) {
      salt = randomBytes(32);
      saltedAt = now();
      keys.clear();
    }
    let key = keys.get(address);
    if (key === undefined) {
      if (keys.size >= MAX_REMEMBERED) keys.clear();
      key = createHmac("sha256", salt).update(address).digest("base64url").slice(0, 22);
      keys.set(address, key);
    }
    return key;
  };
  // A salt past its time is replaced at the next hash: no hash made so far matches any more.
  const currentSalt = () =>
    now() - saltedAt >= rotateMs
      ? { since: now(), until: now() + rotateMs }
      : { since: saltedAt, until: saltedAt + rotateMs };
  return Object.assign(hash, { currentSalt });
}

/** The process's one hasher: the same address gets the same key in HTTP requests and sockets, for a day. */
export const hashAddress = addressHasher();
