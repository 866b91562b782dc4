import type Database from "better-sqlite3";
import type { MailQueueStore, QueuedMail } from "./mailQueueTypes.ts";

/** Given up: kept for administrators to see, never tried again. */
const NEVER = Number.MAX_SAFE_INTEGER;

export function sqliteMailQueue(db: Database.Database): MailQueueStore {
  const statements = {
    enqueue: db.prepare(
      `INSERT INTO mail_queue (recipient, subject, text, html, next_attempt_at, created_at)
       VALUES (@recipient, @subject, @text, @html, @at, @createdAt)`,
    ),
    due: db.prepare<[number, number], QueuedMail>(
      `SELECT id, recipient, subject, text, html, attempts FROM mail_queue
       WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    sent: db.prepare("DELETE FROM mail_queue WHERE id = ?"),
    failed: db.prepare(
      "UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
    ),
    pending: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM mail_queue"),
  };
  return {
    enqueue: (mail, at) => {
      statements.enqueue.run({ ...mail, at, createdAt: new Date(at).toISOString() });
    },
    due: (now, limit) => statements.due.all(now, limit),
    sent: (id) => {
      statements.sent.run(id);
    },
    failed: (id, at, error) => {
      statements.failed.run(Number.isFinite(at) ? at : NEVER, error.slice(0, 500), id);
    },
    pending: () => (statements.pending.get() as { n: number }).n,
  };
}
