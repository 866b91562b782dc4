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

/** How a moderator hears of new proposals by email (docs/PROPOSALS.md P26); the bell shows them in every case. */
export const proposalMailChoices = ["immediate", "digest", "none"] as const;
export type ProposalMailChoice = (typeof proposalMailChoices)[number];
const choice = z.enum(proposalMailChoices);

/** `GET /api/account/proposal-mail`: the default, and each dataset the person moderates (null: the default). */
export type ProposalMailSettings = {
  default: ProposalMailChoice;
  datasets: { id: string; title: string; choice: ProposalMailChoice | null }[];
  /** When the daily digest is sent: the hour (0–23) in the server's time zone. */
  digestHour: number;
};

/** `PUT /api/account/proposal-mail`: what changes; a dataset set to null follows the default again. */
export const proposalMailPatchSchema = z
  .object({
    default: choice.optional(),
    datasets: z.record(z.string().min(1).max(100), choice.nullable()).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch.datasets ?? {}).length <= 1000, "too many datasets");
export type ProposalMailPatch = z.input<typeof proposalMailPatchSchema>;
