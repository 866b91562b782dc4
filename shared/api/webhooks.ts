/**
 * Webhooks (docs/API.md, Webhooks): the settings routes' shapes (owners manage a dataset's
 * endpoints) and the events' payloads, which the OpenAPI document also describes.
 */
import { z } from "zod";
import { route } from "./route.ts";

/** Events an endpoint may subscribe to (`webhook.test` is sent by the settings page's button to any endpoint). */
export const webhookEventTypes = ["dataset.changed", "proposal.decided"] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number] | "webhook.test";

export const MAX_WEBHOOKS_PER_DATASET = 10;

export const createWebhookSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  events: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .object({
    enabled: z.boolean().optional(),
    events: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length).optional(),
  })
  .refine((patch) => patch.enabled !== undefined || patch.events !== undefined, "nothing to change");

export const webhookEndpointSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  url: z.string(),
  events: z.array(z.enum(webhookEventTypes)),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
  /** Set when the server paused it because its deliveries kept failing (its owners were emailed). */
  suspendedAt: z.iso.datetime().nullable(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

export const webhookListSchema = z.object({ endpoints: z.array(webhookEndpointSchema) });

/** The answer to creating an endpoint: its signing secret, shown this once. */
export const webhookCreatedSchema = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });

export const deliveryStatuses = ["pending", "delivered", "failed"] as const;

/** Why an attempt failed, for words in the reader's language (`error` says it in English). */
export const deliveryErrorCodes = [
  "http-status",
  "redirect",
  "timeout",
  "connection-refused",
  "name-not-found",
  "address-refused",
  "secret-unreadable",
  "request-failed",
] as const;
export type DeliveryErrorCode = (typeof deliveryErrorCodes)[number];

export const webhookDeliverySchema = z.object({
  id: z.number().int(),
  /** The `webhook-id` header: the same on every attempt of one delivery. */
  messageId: z.string(),
  event: z.enum([...webhookEventTypes, "webhook.test"]),
  createdAt: z.iso.datetime(),
  /** pending: not delivered yet (or waiting for a retry); failed: given up after the last attempt. */
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastAttemptAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  /** The receiver's HTTP status at the last attempt, or null when it did not answer. */
  statusCode: z.number().int().nullable(),
  /** Why the last attempt failed, in words (null once delivered). */
  error: z.string().nullable(),
  errorCode: z.enum(deliveryErrorCodes).nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveriesSchema = z.object({ deliveries: z.array(webhookDeliverySchema) });
export const webhookTestSentSchema = z.object({ delivery: webhookDeliverySchema });

// The events' payloads: `{ type, timestamp, data }`, as Standard Webhooks suggests.

/** Most rows listed in one `dataset.changed` event; `truncated` says when more changed. */
export const MAX_LISTED_ROWS = 1000;

export const datasetChangedDataSchema = z
  .object({
    datasetId: z.string(),
    version: z.string().meta({ description: "The published snapshot's version (its ETag) when the event was made." }),
    rowCount: z.number().int(),
    rows: z.object({
      changed: z.array(z.string()).meta({ description: "Rows added, edited or moved, still in the dataset." }),
      deleted: z.array(z.string()).meta({ description: "Rows deleted." }),
    }),
    columns: z.array(z.string()).meta({ description: "Columns whose values changed (ids)." }),
    bulkInserts: z.number().int().meta({
      description: "Inserts of many rows at once (imports, the API's row creation), whose rows are not listed.",
    }),
    structureChanged: z.boolean().meta({ description: "Columns or the dataset's details changed." }),
    truncated: z.boolean(),
    changes: z.number().int().meta({ description: "Edits coalesced into this event." }),
    snapshot: z.string().meta({ description: "URL of the snapshot (JSON)." }),
  })
  .meta({ id: "DatasetChanged" });

export const proposalDecidedDataSchema = z
  .object({
    datasetId: z.string(),
    proposal: z.object({
      id: z.string(),
      number: z.number().int(),
      status: z.enum(["open", "partly-accepted", "accepted", "rejected", "withdrawn", "draft"]),
      nickname: z.string().nullable(),
      decisionMessage: z.string(),
    }),
    accepted: z.array(z.string()).meta({ description: "Change ids accepted by this decision." }),
    rejected: z.array(z.string()),
  })
  .meta({ id: "ProposalDecided" });

export const webhookTestDataSchema = z
  .object({ datasetId: z.string(), message: z.string() })
  .meta({ id: "WebhookTest" });

const envelope = <T extends z.ZodType>(type: string, data: T, id: string) =>
  z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data }).meta({ id });

export const webhookPayloadSchemas = {
  "dataset.changed": envelope("dataset.changed", datasetChangedDataSchema, "DatasetChangedEvent"),
  "proposal.decided": envelope("proposal.decided", proposalDecidedDataSchema, "ProposalDecidedEvent"),
  "webhook.test": envelope("webhook.test", webhookTestDataSchema, "WebhookTestEvent"),
} as const;

export type DatasetChangedData = z.infer<typeof datasetChangedDataSchema>;
export type ProposalDecidedData = z.infer<typeof proposalDecidedDataSchema>;

const endpoint = "/api/datasets/:id/webhooks/:webhookId";

/** A dataset's webhooks, managed by its owners. */
export const webhookApi = {
  list: route({ method: "GET", path: "/api/datasets/:id/webhooks", answer: webhookListSchema }),
  create: route({
    method: "POST",
    path: "/api/datasets/:id/webhooks",
    body: createWebhookSchema,
    answer: webhookCreatedSchema,
    status: 201,
  }),
  update: route({ method: "PATCH", path: endpoint, body: updateWebhookSchema, answer: webhookEndpointSchema }),
  delete: route({ method: "DELETE", path: endpoint, answer: null }),
  newSecret: route({ method: "POST", path: `${endpoint}/secret`, answer: webhookCreatedSchema }),
  sendTest: route({ method: "POST", path: `${endpoint}/test`, answer: webhookTestSentSchema, status: 202 }),
  deliveries: route({ method: "GET", path: `${endpoint}/deliveries`, answer: webhookDeliveriesSchema }),
};
