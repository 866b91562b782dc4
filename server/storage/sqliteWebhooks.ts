import type Database from "better-sqlite3";
import type { DeliveryErrorCode, WebhookEventType } from "../../shared/api/webhooks.ts";
import type { DatasetId } from "../../shared/ids.ts";
import type { DeliveryRecord, DueDelivery, WebhookEndpointRecord, WebhookStore } from "./webhookTypes.ts";

/** Finished deliveries kept per endpoint (the log). */
const KEPT_PER_ENDPOINT = 100;

type EndpointRow = {
  id: string;
  dataset_id: string;
  url: string;
  events: string;
  secret: Buffer;
  enabled: number;
  created_at: string;
  suspended_at: string | null;
};
type DeliveryRow = {
  id: number;
  endpoint_id: string;
  message_id: string;
  event: string;
  created_at: number;
  status: DeliveryRecord["status"];
  attempts: number;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
  status_code: number | null;
  error: string | null;
  error_code: string | null;
};

const toEndpoint = (row: EndpointRow): WebhookEndpointRecord => ({
  id: row.id,
  datasetId: row.dataset_id as DatasetId,
  url: row.url,
  events: row.events.split(" ") as WebhookEventType[],
  sealedSecret: new Uint8Array(row.secret),
  enabled: row.enabled === 1,
  createdAt: row.created_at,
  suspendedAt: row.suspended_at,
});
const toDelivery = (row: DeliveryRow): DeliveryRecord => ({
  id: row.id,
  endpointId: row.endpoint_id,
  messageId: row.message_id,
  event: row.event as WebhookEventType,
  createdAt: row.created_at,
  status: row.status,
  attempts: row.attempts,
  lastAttemptAt: row.last_attempt_at,
  nextAttemptAt: row.next_attempt_at,
  statusCode: row.status_code,
  error: row.error,
  errorCode: row.error_code as DeliveryErrorCode | null,
});

export function sqliteWebhookStore(db: Database.Database): WebhookStore {
  const statements = {
    insertEndpoint: db.prepare(
      `INSERT INTO webhook_endpoints (id, dataset_id, url, events, secret, enabled, created_at)
       VALUES (@id, @datasetId, @url, @events, @secret, @enabled, @createdAt)`,
    ),
    startCursor: db.prepare<[string, string]>(
      `INSERT INTO webhook_cursors (dataset_id, last_change_id)
       SELECT ?, coalesce(max(id), 0) FROM document_changes WHERE dataset_id = ?
       ON CONFLICT (dataset_id) DO UPDATE SET last_change_id = excluded.last_change_id`,
    ),
    endpointCount: db.prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM webhook_endpoints WHERE dataset_id = ?",
    ),
    endpoints: db.prepare<[string], EndpointRow>(
      "SELECT * FROM webhook_endpoints WHERE dataset_id = ? ORDER BY created_at, id",
    ),
    endpoint: db.prepare<[string], EndpointRow>("SELECT * FROM webhook_endpoints WHERE id = ?"),
    setEnabled: db.prepare<{ enabled: number; id: string }>(
      "UPDATE webhook_endpoints SET enabled = @enabled, suspended_at = iif(@enabled = 1, NULL, suspended_at) WHERE id = @id",
    ),
    suspendIfFailing: db.prepare<{ id: string; failures: number; at: string }>(
      `UPDATE webhook_endpoints SET enabled = 0, suspended_at = @at WHERE id = @id AND enabled = 1 AND (
         SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = @id AND status = 'failed' AND id > coalesce(
           (SELECT max(id) FROM webhook_deliveries WHERE endpoint_id = @id AND status = 'delivered'), 0)
       ) >= @failures`,
    ),
    setEvents: db.prepare<[string, string]>("UPDATE webhook_endpoints SET events = ? WHERE id = ?"),
    setSecret: db.prepare<[Uint8Array, string]>("UPDATE webhook_endpoints SET secret = ? WHERE id = ?"),
    deleteEndpoint: db.prepare<[string]>("DELETE FROM webhook_endpoints WHERE id = ?"),
    datasetsWith: db.prepare<[string], { dataset_id: string }>(
      "SELECT DISTINCT dataset_id FROM webhook_endpoints WHERE enabled = 1 AND (' ' || events || ' ') LIKE ('% ' || ? || ' %')",
    ),
    cursor: db.prepare<[string], { last_change_id: number }>(
      "SELECT last_change_id FROM webhook_cursors WHERE dataset_id = ?",
    ),
    setCursor: db.prepare<[string, number]>(
      `INSERT INTO webhook_cursors (dataset_id, last_change_id) VALUES (?, ?)
       ON CONFLICT (dataset_id) DO UPDATE SET last_change_id = max(last_change_id, excluded.last_change_id)`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO webhook_deliveries (endpoint_id, message_id, event, payload, created_at, status, next_attempt_at)
       VALUES (@endpointId, @messageId, @event, @payload, @at, 'pending', @at)`,
    ),
    delivery: db.prepare<[number], DeliveryRow>("SELECT * FROM webhook_deliveries WHERE id = ?"),
    prune: db.prepare<[string, string, number]>(
      `DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND status <> 'pending' AND id NOT IN
       (SELECT id FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?)`,
    ),
    due: db.prepare<[number, number], DeliveryRow & { payload: string; url: string; secret: Buffer }>(
      `SELECT d.*, e.url, e.secret FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (e.enabled = 1 OR d.event = 'webhook.test')
       ORDER BY d.next_attempt_at, d.id LIMIT ?`,
    ),
    delivered: db.prepare<[number, number, number]>(
      `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
       next_attempt_at = NULL, status_code = ?, error = NULL, error_code = NULL WHERE id = ?`,
    ),
    failed: db.prepare(
      `UPDATE webhook_deliveries SET status = @status, attempts = @attempts, last_attempt_at = @at,
       next_attempt_at = @retryAt, status_code = @statusCode, error = @error, error_code = @errorCode WHERE id = @id`,
    ),
    deliveries: db.prepare<[string, number], DeliveryRow>(
      "SELECT * FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?",
    ),
  };

  const create = db.transaction((record: WebhookEndpointRecord) => {
    // The dataset's first endpoint hears of changes from now on, not of those since an earlier one was deleted.
    const first = (statements.endpointCount.get(record.datasetId) as { n: number }).n === 0;
    if (first) statements.startCursor.run(record.datasetId, record.datasetId);
    statements.insertEndpoint.run({
      ...record,
      events: record.events.join(" "),
      secret: record.sealedSecret,
      enabled: record.enabled ? 1 : 0,
    });
  });
  const enqueue = db.transaction(
    (
      deliveries: Parameters<WebhookStore["enqueue"]>[0],
      at: number,
      cursor?: { datasetId: string; changeId: number },
    ) => {
      const made: DeliveryRecord[] = [];
      for (const delivery of deliveries) {
        const id = Number(statements.insertDelivery.run({ ...delivery, at }).lastInsertRowid);
        statements.prune.run(delivery.endpointId, delivery.endpointId, KEPT_PER_ENDPOINT);
        made.push(toDelivery(statements.delivery.get(id) as DeliveryRow));
      }
      if (cursor) statements.setCursor.run(cursor.datasetId, cursor.changeId);
      return made;
    },
  );
  const update = db.transaction((id: string, patch: { enabled?: boolean; events?: WebhookEventType[] }) => {
    if (patch.enabled !== undefined) statements.setEnabled.run({ enabled: patch.enabled ? 1 : 0, id });
    if (patch.events !== undefined) statements.setEvents.run(patch.events.join(" "), id);
  });

  return {
    createEndpoint: (record) => {
      create(record);
    },
    endpoints: (datasetId) => statements.endpoints.all(datasetId).map(toEndpoint),
    endpoint: (id) => {
      const row = statements.endpoint.get(id);
      return row ? toEndpoint(row) : null;
    },
    updateEndpoint: (id, patch) => {
      update(id, patch);
    },
    suspendIfFailing: (id, failures, at) => statements.suspendIfFailing.run({ id, failures, at }).changes === 1,
    setSecret: (id, sealedSecret) => {
      statements.setSecret.run(sealedSecret, id);
    },
    deleteEndpoint: (id) => {
      statements.deleteEndpoint.run(id);
    },
    datasetsWith: (event) => statements.datasetsWith.all(event).map((row) => row.dataset_id as DatasetId),
    changeCursor: (datasetId) => statements.cursor.get(datasetId)?.last_change_id ?? null,
    enqueue: (deliveries, at, cursor) => enqueue(deliveries, at, cursor),
    due: (now, limit) =>
      statements.due.all(now, limit).map(
        (row): DueDelivery => ({
          ...toDelivery(row),
          payload: row.payload,
          url: row.url,
          sealedSecret: new Uint8Array(row.secret),
        }),
      ),
    delivered: (id, at, statusCode) => {
      statements.delivered.run(at, statusCode, id);
    },
    failed: (id, { at, attempts, retryAt, statusCode, errorCode, error }) => {
      const giveUp = !Number.isFinite(retryAt);
      statements.failed.run({
        id,
        at,
        attempts,
        status: giveUp ? "failed" : "pending",
        retryAt: giveUp ? null : retryAt,
        statusCode,
        errorCode,
        error: error.slice(0, 500),
      });
    },
    deliveries: (endpointId, limit) => statements.deliveries.all(endpointId, limit).map(toDelivery),
  };
}
