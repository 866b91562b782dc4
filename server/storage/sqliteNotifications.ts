import type Database from "better-sqlite3";
import type { NotificationReads } from "./notificationTypes.ts";

export function sqliteNotificationReads(db: Database.Database): NotificationReads {
  const seen = db.prepare<[string], { dataset_id: string; seen_at: string }>(
    "SELECT dataset_id, seen_at FROM notification_reads WHERE user_id = ?",
  );
  const mark = db.prepare(
    `INSERT INTO notification_reads (user_id, dataset_id, seen_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id, dataset_id) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)`,
  );
  return {
    seenAt: (userId) => new Map(seen.all(userId).map((r) => [r.dataset_id, r.seen_at])),
    markSeen: (userId, datasetId, at) => {
      mark.run(userId, datasetId, at);
    },
  };
}
