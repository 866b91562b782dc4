/**
 * Email sent outside the request that causes it: a durable queue in the storage, drained in the
 * background and retried with backoff, so a slow or dead SMTP server never slows or fails a click,
 * and nothing is lost on a restart (the queue is drained again at start).
 */
import type { Logger } from "pino";
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

const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

export function startMailQueue(options: MailQueueOptions): MailQueue {
  const { store, mailer, log, retryBaseMs, maxAttempts = 10, pollMs = 5_000 } = options;
  let draining: Promise<void> | null = null;
  let stopped = false;

  const drainOnce = async () => {
    for (;;) {
      const due = await store.due(Date.now(), 20);
      if (due.length === 0 || stopped) return;
      for (const mail of due) {
        try {
          await mailer.send(mail.recipient, mail);
          await store.sent(mail.id);
        } catch (error) {
          const attempts = mail.attempts + 1;
          const reason = error instanceof Error ? error.message : String(error);
          const giveUp = attempts >= maxAttempts;
          const delay = Math.min(MAX_DELAY_MS, retryBaseMs * 2 ** (attempts - 1));
          await store.failed(mail.id, giveUp ? Number.POSITIVE_INFINITY : Date.now() + delay, reason);
          log.warn({ to: mail.recipient, attempts, giveUp, reason }, "email not sent");
        }
      }
    }
  };
  const drain = () => {
    draining ??= drainOnce()
      .catch((error) => log.error({ err: error }, "email queue failed"))
      .finally(() => {
        draining = null;
      });
    return draining;
  };
  const timer = setInterval(() => void drain(), pollMs);
  timer.unref();
  void drain();

  return {
    async enqueue(to, mail) {
      await store.enqueue({ recipient: to, ...mail }, Date.now());
      void drain();
    },
    drained: () => drain(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await draining;
    },
  };
}
