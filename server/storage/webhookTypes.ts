/** Storage contract for webhooks (server/webhooks): endpoints, their durable delivery queue and log, and change cursors. */
import type { DeliveryErrorCode, WebhookEventType } from "../../shared/api/webhooks.ts";
import type { DatasetId } from "../../shared/ids.ts";
import type { MaybePromise } from "./types.ts";

export type WebhookEndpointRecord = {
  id: string;
  datasetId: DatasetId;
  url: string;
  events: WebhookEventType[];
  /** The signing secret, sealed with the server's key (server/webhooks/secretBox.ts). */
  sealedSecret: Uint8Array;
  enabled: boolean;
  createdAt: string;
  /** When the server paused it because its deliveries kept failing; cleared when it is enabled again. */
  suspendedAt: string | null;
};

export type NewDelivery = { endpointId: string; messageId: string; event: WebhookEventType; payload: string };

export type DeliveryStatus = "pending" | "delivered" | "failed";

export type DeliveryRecord = {
  id: number;
  endpointId: string;
  messageId: string;
  event: WebhookEventType;
  /** Milliseconds since the epoch, like the other times here. */
  createdAt: number;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  statusCode: number | null;
  error: string | null;
  errorCode: DeliveryErrorCode | null;
};

/** A delivery due now, with what sending it needs. */
export type DueDelivery = DeliveryRecord & { payload: string; url: string; sealedSecret: Uint8Array };

export interface WebhookStore {
  /** The dataset's first endpoint also moves its change cursor to its latest change: no old changes are sent. */
  createEndpoint(record: WebhookEndpointRecord): MaybePromise<void>;
  endpoints(datasetId: DatasetId): MaybePromise<WebhookEndpointRecord[]>;
  endpoint(id: string): MaybePromise<WebhookEndpointRecord | null>;
  /** Enabling an endpoint also clears its `suspendedAt`. */
  updateEndpoint(id: string, patch: { enabled?: boolean; events?: WebhookEventType[] }): MaybePromise<void>;
  /**
   * Pauses the endpoint, marked suspended at `at`, if it is enabled and its last `failures` finished
   * deliveries all failed after their last attempt (none delivered since). Says whether it did.
   */
  suspendIfFailing(id: string, failures: number, at: string): MaybePromise<boolean>;
  /** Replaces the signing secret; deliveries still to be sent are signed with the new one. */
  setSecret(id: string, sealedSecret: Uint8Array): MaybePromise<void>;
  /** Deletes the endpoint and its deliveries. */
  deleteEndpoint(id: string): MaybePromise<void>;
  /** Datasets with an enabled endpoint for `event`. */
  datasetsWith(event: WebhookEventType): MaybePromise<DatasetId[]>;
  /** The last change (document_changes id) already told to the dataset's endpoints, or null. */
  changeCursor(datasetId: DatasetId): MaybePromise<number | null>;
  /**
   * Queues deliveries (due at `at`) and, with `cursor`, moves the dataset's change cursor, in one
   * transaction. The log keeps the last 100 finished deliveries of each endpoint.
   */
  enqueue(
    deliveries: NewDelivery[],
    at: number,
    cursor?: { datasetId: DatasetId; changeId: number },
  ): MaybePromise<DeliveryRecord[]>;
  /** Pending deliveries due at `now`, oldest first: of enabled endpoints, and tests of paused ones too. */
  due(now: number, limit: number): MaybePromise<DueDelivery[]>;
  delivered(id: number, at: number, statusCode: number): MaybePromise<void>;
  /** The `attempts`-th attempt failed: retried at `retryAt`, or given up when it is Infinity. */
  failed(
    id: number,
    failure: {
      at: number;
      attempts: number;
      retryAt: number;
      statusCode: number | null;
      errorCode: DeliveryErrorCode;
      error: string;
    },
  ): MaybePromise<void>;
  /** An endpoint's deliveries, newest first. */
  deliveries(endpointId: string, limit: number): MaybePromise<DeliveryRecord[]>;
}
