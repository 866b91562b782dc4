/**
 * Keeps each dataset's published snapshot in step with its document: a change schedules a rebuild,
 * builds run one at a time, at most one per dataset every `delayMs` (a change during a build runs
 * another after it), from the stored document (snapshot + log, which holds every applied change),
 * never from a read. A build whose state matches the stored snapshot is discarded.
 */
import { datasetDocumentName } from "../../shared/documentNames.ts";
import type { DatasetId } from "../../shared/ids.ts";
import type { ReadModelStore, SnapshotVersion } from "../storage/readModelTypes.ts";
import type { DatasetRegistry, DocumentStore } from "../storage/types.ts";
import type { Builder } from "./builder.ts";

type Log = { info(o: object, m: string): void; error(o: object, m: string): void };

export type ReadModelDeps = {
  datasets: Pick<DatasetRegistry, "get" | "list">;
  documents: Pick<DocumentStore, "load">;
  snapshots: ReadModelStore;
  builder: Builder;
  delayMs: number;
  log: Log;
  /** Told after each new snapshot is stored (webhooks). */
  published?: (datasetId: DatasetId, version: SnapshotVersion) => void;
};

export type ReadModel = {
  /** A dataset's document changed (or it was created, reset or deleted): rebuild soon. */
  changed(datasetId: DatasetId): void;
  /** Whether a build of the dataset is scheduled or running. */
  rebuilding(datasetId: DatasetId): boolean;
  /** Schedules every dataset, those without a snapshot of their current epoch first (on start). */
  catchUp(): Promise<void>;
  /** Resolves when nothing is scheduled or building (tests, benchmarks). */
  idle(): Promise<void>;
  close(): Promise<void>;
};

export function createReadModel(deps: ReadModelDeps): ReadModel {
  const { datasets, documents, snapshots, builder, delayMs, log } = deps;
  const timers = new Map<DatasetId, NodeJS.Timeout>();
  const queue = new Set<DatasetId>();
  let building: DatasetId | null = null;
  /** Changed while being built: built again afterwards. */
  const again = new Set<DatasetId>();
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  function changed(id: DatasetId, delay = delayMs): void {
    if (closed) return;
    if (building === id) {
      again.add(id);
      return;
    }
    if (timers.has(id) || queue.has(id)) return;
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        queue.add(id);
        void pump();
      }, delay),
    );
  }

  async function pump(): Promise<void> {
    if (building || closed) return;
    const [next] = queue;
    if (!next) {
      if (timers.size === 0) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
      }
      return;
    }
    queue.delete(next);
    building = next;
    try {
      await rebuild(next);
    } catch (error) {
      if (!closed) log.error({ err: error, datasetId: next }, "snapshot build failed");
    } finally {
      building = null;
      if (again.delete(next)) changed(next);
      void pump();
    }
  }

  async function rebuild(id: DatasetId): Promise<void> {
    const record = await datasets.get(id);
    if (!record) {
      await snapshots.delete(id);
      return;
    }
    const started = performance.now();
    const stored = await documents.load(datasetDocumentName(id, record.epoch));
    const staged = await builder.build({ datasetId: id, epoch: record.epoch, ...stored });
    const current = await snapshots.version(id);
    // A reset meanwhile schedules its own build; this one is of an old epoch.
    if (current?.etag === staged.version.etag || closed || (await datasets.get(id))?.epoch !== record.epoch) {
      await snapshots.discard(staged);
      return;
    }
    await snapshots.publish(staged);
    deps.published?.(id, staged.version);
    log.info(
      {
        datasetId: id,
        etag: staged.version.etag,
        rows: staged.version.rowCount,
        ms: Math.round(performance.now() - started),
      },
      "snapshot built",
    );
  }

  return {
    changed: (id) => changed(id),
    rebuilding: (id) => building === id || again.has(id) || timers.has(id) || queue.has(id),
    async catchUp() {
      await snapshots.tidy();
      const all = await datasets.list();
      const behind: DatasetId[] = [];
      const rest: DatasetId[] = [];
      for (const record of all) {
        const version = await snapshots.version(record.id);
        (version?.epoch === record.epoch ? rest : behind).push(record.id);
      }
      for (const id of [...behind, ...rest]) changed(id, 0);
    },
    idle: () =>
      building || queue.size > 0 || timers.size > 0
        ? new Promise<void>((resolve) => idleWaiters.push(resolve))
        : Promise.resolve(),
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      queue.clear();
      // A build in the worker is abandoned (stopping must not wait for a large one); it is redone at the next start.
      await builder.close();
      while (building) await new Promise((resolve) => setTimeout(resolve, 10));
      for (const resolve of idleWaiters) resolve();
    },
  };
}
