/** Storage contract for the durable queue of outgoing email (server/email/mailQueue.ts). */
import type { MaybePromise } from "./types.ts";

export type OutgoingMail = { recipient: string; subject: string; text: string; html: string };
export type QueuedMail = OutgoingMail & { id: number; attempts: number };

export interface MailQueueStore {
  enqueue(mail: OutgoingMail, at: number): MaybePromise<void>;
  /** Mail due at `now` (milliseconds), oldest first. */
  due(now: number, limit: number): MaybePromise<QueuedMail[]>;
  sent(id: number): MaybePromise<void>;
  /** A failed attempt: try again at `at` (or never, Infinity), keeping the reason. */
  failed(id: number, at: number, error: string): MaybePromise<void>;
  /** Mail not sent yet, given up on or not. */
  pending(): MaybePromise<number>;
}
