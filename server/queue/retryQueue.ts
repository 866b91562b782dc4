/**
 * The loop behind the durable queues (outgoing email, webhook deliveries): the queue itself lives
 * in the storage, so nothing is lost on a restart; this drains what is due, in the background,
 * and schedules each failure's next attempt with exponential backoff (`retryBaseMs`, doubling, at
 * most six hours apart) until `maxAttempts`, when it is kept as given up.
 */
import type { Logger } from "pino";
import type { MaybePromise } from "../storage/types.ts";

export type QueuedItem = { id: number; attempts: number };

export type RetryQueueOptions<Item extends QueuedItem> = {
  /** Items due at `now` (milliseconds), oldest first. */
  due(now: number, limit: number): MaybePromise<Item[]>;
  /** One attempt: records its own success, throws to be tried again. `signal` aborts on stop. */
  attempt(item: Item, signal: AbortSignal): Promise<void>;
  /** A failed attempt (the `attempts`-th): try again at `retryAt`, or never (Infinity). */
  failed(item: Item, attempts: number, retryAt: number, error: unknown): MaybePromise<void>;
  retryBaseMs: number;
  maxAttempts: number;
  /** Attempts run at once. */
  concurrency?: number;
  pollMs?: number;
  log: Logger;
  /** What the log calls this queue's failures. */
  name: string;
};

export type RetryQueue = {
  /** Something was enqueued: drain soon. */
  kick(): void;
  /** Resolves once everything due now has been tried. */
  drained(): Promise<void>;
  /** Stops; attempts under way are aborted and left due, to be tried at the next start. */
  stop(): Promise<void>;
};

const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

export function retryDelay(retryBaseMs: number, attempts: number): number {
  return Math.min(MAX_DELAY_MS, retryBaseMs * 2 ** (attempts - 1));
}

export function startRetryQueue<Item extends QueuedItem>(options: RetryQueueOptions<Item>): RetryQueue {
  const { retryBaseMs, maxAttempts, concurrency = 1, pollMs = 5_000, log, name } = options;
  const stopping = new AbortController();
  let draining: Promise<void> | null = null;

  const tryOne = async (item: Item) => {
    try {
      await options.attempt(item, stopping.signal);
    } catch (error) {
      if (stopping.signal.aborted) return;
      const attempts = item.attempts + 1;
      const giveUp = attempts >= maxAttempts;
      const retryAt = giveUp ? Number.POSITIVE_INFINITY : Date.now() + retryDelay(retryBaseMs, attempts);
      await options.failed(item, attempts, retryAt, error);
      // A retry due before the next poll is not left waiting for it.
      if (retryAt - Date.now() < pollMs) setTimeout(() => void drain(), retryAt - Date.now()).unref();
      log.warn({ id: item.id, attempts, giveUp, reason: error instanceof Error ? error.message : String(error) }, name);
    }
  };

  const drainOnce = async () => {
    for (;;) {
      const due = await options.due(Date.now(), 20);
      if (due.length === 0 || stopping.signal.aborted) return;
      const waiting = [...due];
      const worker = async () => {
        for (let item = waiting.shift(); item && !stopping.signal.aborted; item = waiting.shift()) await tryOne(item);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    }
  };
  const drain = () => {
    draining ??= drainOnce()
      .catch((error) => log.error({ err: error }, `${name}: queue failed`))
      .finally(() => {
        draining = null;
      });
    return draining;
  };
  const timer = setInterval(() => void drain(), pollMs);
  timer.unref();
  void drain();

  return {
    kick: () => void drain(),
    drained: () => drain(),
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await draining;
    },
  };
}
