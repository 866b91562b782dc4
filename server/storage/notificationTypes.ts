/** Storage contract for in-app notifications: when each moderator last looked at each dataset's proposals. */
import type { MaybePromise } from "./types.ts";

export interface NotificationReads {
  /** When the person last looked at the proposals of each dataset (ISO times, by dataset id). */
  seenAt(userId: string): MaybePromise<Map<string, string>>;
  markSeen(userId: string, datasetId: string, at: string): MaybePromise<void>;
}
