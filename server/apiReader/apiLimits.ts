/**
 * The /api/v1 rate limit's counts, one budget per client across both processes: the API reader
 * keeps them (it serves nearly all of /api/v1), the collaboration process asks it for the
 * requests it serves itself (a connection that began with something else), and counts alone while
 * no reader runs. Otherwise a client could spend its budget once in each process.
 */
import type { FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import { addressKey } from "../api/addressLimitKey.ts";

export type LimitCount = { current: number; ttl: number };
/**
 * Keys are `token:<id>`, or this prefix and the client's address: the address travels to the
 * process that keeps the counts (in memory, never logged) and is kept there only as its salted hash,
 * as every per-address limit keeps it (server/api/addressLimitKey.ts); each process has its own salt.
 */
export const ADDRESS_KEY = "address:";
/** Counts one more request of `key` in its current window of `windowMs`. */
export type LimitCounter = (key: string, windowMs: number) => LimitCount | Promise<LimitCount>;

/** Fixed windows per key, at most `maxKeys` of them (ended windows go first, then the oldest). */
export function windowCounts(maxKeys = 10_000): (key: string, windowMs: number) => LimitCount {
  const counts = new Map<string, { current: number; start: number }>();
  return (asked, windowMs) => {
    const key = asked.startsWith(ADDRESS_KEY) ? addressKey("address", asked.slice(ADDRESS_KEY.length)) : asked;
    const now = Date.now();
    let entry = counts.get(key);
    if (!entry || entry.start + windowMs <= now) {
      if (!entry && counts.size >= maxKeys) forgetOldest(counts, now - windowMs, maxKeys);
      entry = { current: 0, start: now };
      counts.set(key, entry);
    }
    entry.current++;
    return { current: entry.current, ttl: entry.start + windowMs - now };
  };
}

function forgetOldest(counts: Map<string, { start: number }>, endedBefore: number, maxKeys: number) {
  for (const [key, { start }] of counts) if (start <= endedBefore) counts.delete(key);
  for (const key of counts.keys()) {
    if (counts.size < maxKeys) break;
    counts.delete(key);
  }
}

/** A store for @fastify/rate-limit that counts with `counter`. */
export function limitStore(counter: LimitCounter): FastifyRateLimitStoreCtor {
  return class {
    incr(key: string, callback: (error: Error | null, count?: LimitCount) => void, timeWindow: number) {
      Promise.resolve()
        .then(() => counter(key, timeWindow))
        .then(
          (count) => callback(null, count),
          (error: Error) => callback(error),
        );
    }
    child() {
      return this;
    }
  };
}
