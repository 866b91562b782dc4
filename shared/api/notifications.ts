/** In-app notifications for moderators (docs/API.md, "Notifications"), shared by server and client. */
import { z } from "zod";

/** A proposal waiting for a decision on a dataset the person moderates. */
export type NotificationItem = {
  datasetId: string;
  datasetTitle: string;
  proposalNumber: number;
  /** The contributor's nickname, or null (anonymous). */
  nickname: string | null;
  submittedAt: string;
  /** Sent after the person last looked at that dataset's proposals. */
  unread: boolean;
};

export type Notifications = { unread: number; items: NotificationItem[] };

export const seenSchema = z.object({ datasetId: z.string().min(1).max(100) });

/** At most this many items are listed (the newest); `unread` counts them all. */
export const MAX_NOTIFICATIONS = 50;
