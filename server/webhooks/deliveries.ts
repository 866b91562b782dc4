/**
 * The webhook delivery queue: deliveries wait in the storage (durable across restarts) and are
 * sent in the background by the shared retry loop (server/queue/retryQueue.ts), a few at once, so
 * a slow receiver never holds up an edit, nor for long the other endpoints. Every attempt updates
 * the delivery log the settings page shows.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { WebhookEventType } from "../../shared/api/webhooks.ts";
import type { DatasetId } from "../../shared/ids.ts";
import { type RetryQueue, startRetryQueue } from "../queue/retryQueue.ts";
import type { DeliveryRecord, WebhookEndpointRecord, WebhookStore } from "../storage/webhookTypes.ts";
import { DeliveryFailure, postWebhook } from "./postWebhook.ts";
import type { SecretBox } from "./secretBox.ts";

export type DeliveryQueueOptions = {
  store: WebhookStore;
  box: SecretBox;
  log: Logger;
  allowLocal: boolean;
  /** First retry after this long, doubling each time up to six hours. */
  retryBaseMs: number;
  maxAttempts?: number;
  /** Deliveries given up in a row after which the endpoint is paused (`suspended` is then called). */
  pauseAfterFailures?: number;
  suspended?: (endpointId: string) => Promise<void>;
  timeoutMs?: number;
};

export type WebhookDeliveries = {
  /** Queues the event for the dataset's enabled endpoints subscribed to it (or for `only`). */
  send(
    datasetId: DatasetId,
    type: WebhookEventType,
    data: unknown,
    options?: { only?: WebhookEndpointRecord; cursor?: { datasetId: DatasetId; changeId: number } },
  ): Promise<DeliveryRecord[]>;
  drained(): Promise<void>;
  stop(): Promise<void>;
};

export const newMessageId = () => `msg_${randomBytes(16).toString("base64url")}`;

export function startWebhookDeliveries(options: DeliveryQueueOptions): WebhookDeliveries {
  const {
    store,
    box,
    log,
    allowLocal,
    retryBaseMs,
    maxAttempts = 10,
    pauseAfterFailures = 5,
    timeoutMs = 10_000,
  } = options;
  const queue: RetryQueue = startRetryQueue({
    due: (now, limit) => store.due(now, limit),
    async attempt(delivery, signal) {
      let secret: string;
      try {
        secret = box.open(delivery.sealedSecret);
      } catch {
        throw new DeliveryFailure(
          "secret-unreadable",
          "The endpoint's secret cannot be read (the server's key changed): give it a new secret.",
        );
      }
      const status = await postWebhook({ ...delivery, secret, allowLocal, timeoutMs, signal });
      await store.delivered(delivery.id, Date.now(), status);
    },
    async failed(delivery, attempts, retryAt, error) {
      await store.failed(delivery.id, {
        at: Date.now(),
        attempts,
        retryAt,
        statusCode: error instanceof DeliveryFailure ? error.statusCode : null,
        errorCode: error instanceof DeliveryFailure ? error.code : "request-failed",
        error: error instanceof Error ? error.message : String(error),
      });
      // A receiver that never answers would otherwise be sent every event, each tried again for hours.
      const givenUp = !Number.isFinite(retryAt);
      if (givenUp && (await store.suspendIfFailing(delivery.endpointId, pauseAfterFailures, new Date().toISOString())))
        await options.suspended?.(delivery.endpointId);
    },
    retryBaseMs,
    maxAttempts,
    concurrency: 4,
    log,
    name: "webhook not delivered",
  });

  return {
    async send(datasetId, type, data, { only, cursor } = {}) {
      const endpoints = only
        ? [only]
        : (await store.endpoints(datasetId)).filter((e) => e.enabled && e.events.includes(type));
      const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
      const made = await store.enqueue(
        endpoints.map((e) => ({ endpointId: e.id, messageId: newMessageId(), event: type, payload })),
        Date.now(),
        cursor,
      );
      if (made.length > 0) queue.kick();
      return made;
    },
    drained: () => queue.drained(),
    stop: () => queue.stop(),
  };
}
