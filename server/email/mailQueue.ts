/**
 * Email sent outside the request that causes it: a durable queue in the storage, drained in the
 * background and retried with backoff (server/queue/retryQueue.ts), so a slow or dead SMTP server
 * never slows or fails a click, and nothing is lost on a restart (the queue is drained again at start).
 */
import type { Logger } from "pino";
import { startRetryQueue } from "../queue/retryQueue.ts";
import type { MailQueueStore } from "../storage/mailQueueTypes.ts";
import type { Mailer } from "./mailer.ts";
import type { Mail } from "./templates.ts";

export type MailQueue = {
  enqueue(to: string, mail: Mail): Promise<void>;
  /** Resolves once everything due now has been tried. */
  drained(): Promise<void>;
  stop(): Promise<void>;
};

export type MailQueueOptions = {
  store: MailQueueStore;
  mailer: Mailer;
  log: Logger;
  /** First retry after this long, doubling each time up to six hours. */
  retryBaseMs: number;
  /** Given up after this many attempts (kept, with the last error). */
  maxAttempts?: number;
  pollMs?: number;
};

export function startMailQueue(options: MailQueueOptions): MailQueue {
  const { store, mailer, log, retryBaseMs, maxAttempts = 10, pollMs = 5_000 } = options;
  const queue = startRetryQueue({
    due: (now, limit) => store.due(now, limit),
    async attempt(mail) {
      await mailer.send(mail.recipient, mail);
      await store.sent(mail.id);
    },
    failed: (mail, _attempts, retryAt, error) =>
      store.failed(mail.id, retryAt, error instanceof Error ? error.message : String(error)),
    retryBaseMs,
    maxAttempts,
    pollMs,
    log,
    name: "email not sent",
  });
  return {
    async enqueue(to, mail) {
      await store.enqueue({ recipient: to, ...mail }, Date.now());
      queue.kick();
    },
    drained: () => queue.drained(),
    stop: () => queue.stop(),
  };
}
