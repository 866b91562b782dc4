/** In-app notifications for moderators (docs/API.md, "Notifications"), shared by server and client. */
import { z } from "zod";
import { route } from "./route.ts";

/** A proposal waiting for a decision on a dataset the person moderates. */
export const notificationItemSchema = z.object({
  datasetId: z.string(),
  datasetTitle: z.string(),
  proposalNumber: z.number(),
  /** The contributor's nickname, or null (anonymous). */
  nickname: z.string().nullable(),
  submittedAt: z.string(),
  /** Sent after the person last looked at that dataset's proposals. */
  unread: z.boolean(),
});
export type NotificationItem = z.infer<typeof notificationItemSchema>;

export const notificationsSchema = z.object({ unread: z.number(), items: z.array(notificationItemSchema) });
export type Notifications = z.infer<typeof notificationsSchema>;

export const seenSchema = z.object({ datasetId: z.string().min(1).max(100) });

/** At most this many items are listed (the newest); `unread` counts them all. */
export const MAX_NOTIFICATIONS = 50;

/** How a moderator hears of new proposals by email (docs/PROPOSALS.md P26); the bell shows them in every case. */
export const proposalMailChoices = ["immediate", "digest", "none"] as const;
export type ProposalMailChoice = (typeof proposalMailChoices)[number];
const choice = z.enum(proposalMailChoices);

/** `GET /api/account/proposal-mail`: the default, and each dataset the person moderates (null: the default). */
export const proposalMailSettingsSchema = z.object({
  default: choice,
  datasets: z.array(z.object({ id: z.string(), title: z.string(), choice: choice.nullable() })),
  /** When the daily digest is sent: the hour (0–23) in the server's time zone. */
  digestHour: z.number(),
});
export type ProposalMailSettings = z.infer<typeof proposalMailSettingsSchema>;

/** `PUT /api/account/proposal-mail`: what changes; a dataset set to null follows the default again. */
export const proposalMailPatchSchema = z
  .object({
    default: choice.optional(),
    datasets: z.record(z.string().min(1).max(100), choice.nullable()).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch.datasets ?? {}).length <= 1000, "too many datasets");
export type ProposalMailPatch = z.input<typeof proposalMailPatchSchema>;

export const notificationApi = {
  list: route({ method: "GET", path: "/api/notifications", answer: notificationsSchema }),
  /** A moderator opened a dataset's proposals: they are seen. */
  seen: route({ method: "POST", path: "/api/notifications/seen", body: seenSchema, answer: null }),
};

export const proposalMailApi = {
  get: route({ method: "GET", path: "/api/account/proposal-mail", answer: proposalMailSettingsSchema }),
  set: route({
    method: "PUT",
    path: "/api/account/proposal-mail",
    body: proposalMailPatchSchema,
    answer: proposalMailSettingsSchema,
  }),
};
