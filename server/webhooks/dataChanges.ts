/**
 * `dataset.changed` events: when a dataset's published snapshot is rebuilt (server/readModel), one
 * event follows `delayMs` later for everything changed meanwhile, read from the attribution log
 * (document_changes) after the dataset's cursor, which the queued deliveries move on in the same
 * transaction. So edits in a burst make one event, and changes made before a crash are told after
 * the restart (`catchUp`).
 */
import { type DatasetChangedData, MAX_LISTED_ROWS } from "../../shared/api/webhooks.ts";
import type { DatasetId } from "../../shared/ids.ts";
import type { LoadedModel } from "../readModel/modelCache.ts";
import type { SnapshotVersion } from "../storage/readModelTypes.ts";
import type { Storage, StoredChange } from "../storage/types.ts";
import type { WebhookDeliveries } from "./deliveries.ts";

type Log = { error(o: object, m: string): void };

export type DataChangeOptions = {
  storage: Pick<Storage, "changes" | "datasets" | "webhooks" | "readModel">;
  models: { get(id: DatasetId): Promise<LoadedModel | null> };
  deliveries: Pick<WebhookDeliveries, "send">;
  /** Whether a snapshot build of the dataset is scheduled or running: the event waits for it. */
  rebuilding(id: DatasetId): boolean;
  delayMs: number;
  baseUrl(): string;
  log: Log;
};

/** At most this many changes are read for one event; the rest make the next one. */
const MAX_CHANGES_PER_EVENT = 20_000;

export function dataChangeEvents(options: DataChangeOptions) {
  const { storage, models, deliveries, rebuilding, delayMs, baseUrl, log } = options;
  const timers = new Map<DatasetId, NodeJS.Timeout>();
  const running = new Map<DatasetId, Promise<void>>();
  let closed = false;

  /** Times an event waited for a build under way; during continuous editing it stops waiting. */
  const waited = new Map<DatasetId, number>();

  function schedule(id: DatasetId): void {
    if (closed || timers.has(id)) return;
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        const times = waited.get(id) ?? 0;
        if (rebuilding(id) && times < 3) {
          waited.set(id, times + 1);
          schedule(id);
          return;
        }
        waited.delete(id);
        // One at a time per dataset, so no change is told twice.
        const run: Promise<void> = (running.get(id) ?? Promise.resolve())
          .then(() => tell(id))
          .catch((error) => log.error({ err: error, datasetId: id }, "webhook event failed"))
          .finally(() => {
            if (running.get(id) === run) running.delete(id);
          });
        running.set(id, run);
      }, delayMs),
    );
  }

  async function tell(id: DatasetId): Promise<void> {
    const endpoints = (await storage.webhooks.endpoints(id)).filter(
      (e) => e.enabled && e.events.includes("dataset.changed"),
    );
    if (endpoints.length === 0) return;
    const after = (await storage.webhooks.changeCursor(id)) ?? 0;
    const changes: StoredChange[] = [];
    for (let from = after; changes.length < MAX_CHANGES_PER_EVENT; ) {
      const page = await storage.changes.list(id, { afterId: from, limit: 1000 });
      changes.push(...page);
      if (page.length < 1000) break;
      from = (page.at(-1) as StoredChange).id;
    }
    const version = await storage.readModel.version(id);
    if (changes.length === 0 || !version || closed) return;
    const data = summarise(id, changes, version, await models.get(id), baseUrl());
    await deliveries.send(id, "dataset.changed", data, {
      cursor: { datasetId: id, changeId: (changes.at(-1) as StoredChange).id },
    });
    if (changes.length >= MAX_CHANGES_PER_EVENT) schedule(id);
  }

  return {
    /** A new snapshot of the dataset was published. */
    published: (id: DatasetId) => schedule(id),
    /** At start: datasets whose endpoints may not have been told of their last changes. */
    async catchUp() {
      for (const id of await storage.webhooks.datasetsWith("dataset.changed")) schedule(id);
    },
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all(running.values());
    },
  };
}

function summarise(
  datasetId: DatasetId,
  changes: StoredChange[],
  version: SnapshotVersion,
  model: LoadedModel | null,
  baseUrl: string,
): DatasetChangedData {
  const rows = new Set<string>();
  const columns = new Set<string>();
  let bulkInserts = 0;
  let structureChanged = false;
  for (const change of changes) {
    for (const key of change.cells) {
      const colon = key.indexOf(":");
      rows.add(key.slice(0, colon));
      const column = key.slice(colon + 1);
      if (!column.startsWith("_")) columns.add(column);
    }
    bulkInserts += change.blocks.length;
    structureChanged ||= change.structure;
  }
  const changed: string[] = [];
  const deleted: string[] = [];
  for (const row of rows) (!model || model.byId.has(row) ? changed : deleted).push(row);
  const truncated = changed.length > MAX_LISTED_ROWS || deleted.length > MAX_LISTED_ROWS;
  return {
    datasetId,
    version: version.etag,
    rowCount: version.rowCount,
    rows: { changed: changed.slice(0, MAX_LISTED_ROWS), deleted: deleted.slice(0, MAX_LISTED_ROWS) },
    columns: [...columns],
    bulkInserts,
    structureChanged,
    truncated,
    changes: changes.length,
    snapshot: `${baseUrl}/api/v1/datasets/${datasetId}/snapshot.json`,
  };
}
