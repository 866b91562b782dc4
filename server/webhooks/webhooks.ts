/**
 * Webhooks per dataset (docs/API.md, Webhooks), assembled: the sealed secrets, the durable
 * delivery queue, `dataset.changed` events after snapshot rebuilds, `proposal.decided` events from
 * moderation, and the settings page's test event.
 */
import path from "node:path";
import type { Logger } from "pino";
import type { ProposalDecidedData } from "../../shared/api/webhooks.ts";
import type { DatasetId } from "../../shared/ids.ts";
import type { MailQueue } from "../email/mailQueue.ts";
import type { Resolve } from "../net/guardedLookup.ts";
import type { DecideResult } from "../proposals/decide.ts";
import type { LoadedModel } from "../readModel/modelCache.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import type { WebhookEndpointRecord } from "../storage/webhookTypes.ts";
import { dataChangeEvents } from "./dataChanges.ts";
import { startWebhookDeliveries } from "./deliveries.ts";
import { newWebhookSecret, openSecretBox } from "./secretBox.ts";
import { endpointSuspended } from "./suspended.ts";
import { checkWebhookUrl } from "./targetUrl.ts";

export type WebhookOptions = {
  storage: Storage;
  dataDir: string;
  models: { get(id: DatasetId): Promise<LoadedModel | null> };
  rebuilding(id: DatasetId): boolean;
  baseUrl(): string;
  log: Logger;
  /** Tests only: targets on loopback and private addresses, and plain http. */
  allowLocal: boolean;
  retryBaseMs: number;
  maxAttempts: number;
  pauseAfterFailures: number;
  /** Owners are emailed when the server pauses an endpoint. */
  mails: MailQueue;
  /** Quiet time gathering a dataset's changes into one event. */
  debounceMs: number;
  timeoutMs?: number;
  resolve?: Resolve;
};

export type Webhooks = ReturnType<typeof createWebhooks>;

export function createWebhooks(options: WebhookOptions) {
  const { storage, allowLocal, log } = options;
  const box = openSecretBox(path.join(options.dataDir, "webhook-secrets.key"));
  const deliveries = startWebhookDeliveries({
    store: storage.webhooks,
    box,
    log,
    allowLocal,
    retryBaseMs: options.retryBaseMs,
    maxAttempts: options.maxAttempts,
    pauseAfterFailures: options.pauseAfterFailures,
    suspended: (endpointId) =>
      endpointSuspended({
        ...options,
        endpointId,
        settingsLink: (id) => `${options.baseUrl()}/datasets/${id}/settings`,
      }),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const dataChanges = dataChangeEvents({
    storage,
    models: options.models,
    deliveries,
    rebuilding: options.rebuilding,
    delayMs: options.debounceMs,
    baseUrl: options.baseUrl,
    log,
  });

  return {
    checkUrl: (text: string) =>
      checkWebhookUrl(text, { allowLocal, ...(options.resolve ? { resolve: options.resolve } : {}) }),
    newSecret: newWebhookSecret,
    seal: (secret: string) => box.seal(secret),
    /** A dataset's snapshot was rebuilt (the read model's `published`). */
    published: (id: DatasetId) => dataChanges.published(id),
    catchUp: () => dataChanges.catchUp(),
    async proposalDecided(proposal: ProposalRecord, outcome: Pick<DecideResult, "accepted" | "rejected">) {
      const data: ProposalDecidedData = {
        datasetId: proposal.datasetId,
        proposal: {
          id: proposal.id,
          number: proposal.number,
          status: proposal.status,
          nickname: proposal.nickname,
          decisionMessage: proposal.decisionMessage,
        },
        accepted: outcome.accepted,
        rejected: outcome.rejected,
      };
      await deliveries.send(proposal.datasetId as DatasetId, "proposal.decided", data);
    },
    sendTest: (dataset: DatasetRecord, endpoint: WebhookEndpointRecord) =>
      deliveries.send(
        dataset.id,
        "webhook.test",
        { datasetId: dataset.id, message: `A test from Data Patch for "${dataset.title}".` },
        { only: endpoint },
      ),
    drained: () => deliveries.drained(),
    async close() {
      await dataChanges.close();
      await deliveries.stop();
    },
  };
}
