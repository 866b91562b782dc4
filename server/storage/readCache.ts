/**
 * Two lookups every /api/v1 read makes, kept in memory: a dataset's record (its openness decides
 * who may read) and its stored snapshot's version. Each is forgotten when a write through this
 * storage may change it, so the next read sees the change at once (a dataset made private answers
 * 404 on the very next request). The server wraps its one storage object with it first thing
 * (server/app.ts), so every write in the process goes through here; nothing else writes the file.
 */
import type { DatasetId } from "../../shared/ids.ts";
import type { SnapshotVersion } from "./readModelTypes.ts";
import type { DatasetRecord, MaybePromise, Storage } from "./types.ts";

/** Entries kept per kind; beyond, the whole kind is dropped (far more datasets than a server holds). */
const MAX_ENTRIES = 10_000;

/** Values by dataset id, loaded on first use; null (nothing there) is never kept. */
function memo<V extends object>(load: (id: DatasetId) => MaybePromise<V | null>) {
  const values = new Map<DatasetId, V>();
  // A load that began before a write may finish after it, with the old value: not kept.
  let writes = 0;
  return {
    async get(id: DatasetId): Promise<V | null> {
      const cached = values.get(id);
      if (cached) return { ...cached };
      const startedAfter = writes;
      const value = await load(id);
      if (value && startedAfter === writes) {
        if (values.size >= MAX_ENTRIES) values.clear();
        values.set(id, { ...value });
      }
      return value;
    },
    forget(id: DatasetId): void {
      writes++;
      values.delete(id);
    },
  };
}

/** Runs `write`, then forgets `id`'s entry (also before: a failed write may have changed something). */
function forgetting<A extends unknown[], R>(
  forget: (id: DatasetId) => void,
  write: (id: DatasetId, ...rest: A) => MaybePromise<R>,
) {
  return async (id: DatasetId, ...rest: A): Promise<R> => {
    forget(id);
    try {
      return await write(id, ...rest);
    } finally {
      forget(id);
    }
  };
}

export function withReadCache(storage: Storage): Storage {
  const { datasets, readModel } = storage;
  const records = memo<DatasetRecord>((id) => datasets.get(id));
  const versions = memo<SnapshotVersion>((id) => readModel.version(id));
  const forgetRecord = (id: DatasetId) => records.forget(id);
  const forgetVersion = (id: DatasetId) => versions.forget(id);
  const forgetBoth = (id: DatasetId) => {
    records.forget(id);
    versions.forget(id); // a storage may delete the snapshot with its dataset
  };
  return {
    ...storage,
    datasets: {
      ...datasets,
      get: (id) => records.get(id),
      create: (record, initialState, documentName) =>
        forgetting(forgetBoth, () => datasets.create(record, initialState, documentName))(record.id),
      updateSummary: forgetting(forgetRecord, datasets.updateSummary.bind(datasets)),
      setOpenness: forgetting(forgetRecord, datasets.setOpenness.bind(datasets)),
      setWorkspace: forgetting(forgetRecord, datasets.setWorkspace.bind(datasets)),
      replaceDocument: forgetting(forgetRecord, datasets.replaceDocument.bind(datasets)),
      delete: forgetting(forgetBoth, datasets.delete.bind(datasets)),
    },
    readModel: {
      ...readModel,
      version: (id) => versions.get(id),
      put: forgetting(forgetVersion, readModel.put.bind(readModel)),
      publish: (staged) => forgetting(forgetVersion, () => readModel.publish(staged))(staged.datasetId),
      delete: forgetting(forgetVersion, readModel.delete.bind(readModel)),
    },
  };
}
