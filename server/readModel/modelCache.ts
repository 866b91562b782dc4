/**
 * The read model in memory, for one row by id, embeds and webhooks: the parsed model of each
 * dataset's stored snapshot, kept while its version is current (a few datasets, least recently used
 * dropped first), with rows by id and the row order of each sort asked for. Reads only: it never
 * writes storage. Rows pages are made apart (server/api/v1/rowsPages.ts), in a worker for large ones.
 */
import { orderOf, type QueryRow, type Sort } from "../../shared/api/rowQuery.ts";
import type { DatasetId } from "../../shared/ids.ts";
import type { ReadModelStore, SnapshotVersion } from "../storage/readModelTypes.ts";
import type { SnapshotModel } from "./build.ts";

export type LoadedModel = {
  version: SnapshotVersion;
  model: SnapshotModel;
  rows: QueryRow[];
  byId: Map<string, number>;
  /** Row order per sort ("" is the dataset's order, already the rows' order). */
  order(sort: Sort): Int32Array;
};

/** A stored model file, parsed, with its rows by id and the sort orders asked for so far. */
export function loadedModelOf(version: SnapshotVersion, body: Uint8Array): LoadedModel {
  const model = JSON.parse(
    Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"),
  ) as SnapshotModel;
  const rows: QueryRow[] = model.rows.map((row, i) => ({
    id: row.id,
    cells: row.cells,
    position: model.positions[i] as string,
  }));
  const orders = new Map<string, Int32Array>();
  return {
    version,
    model,
    rows,
    byId: new Map(rows.map((row, i) => [row.id, i])),
    order(sort) {
      const key = sort ? `${sort.descending ? "-" : ""}${sort.column}` : "";
      let order = orders.get(key);
      if (!order) {
        order = sort ? orderOf(rows, sort) : Int32Array.from(rows.keys());
        if (orders.size >= 16) orders.delete(orders.keys().next().value as string);
        orders.set(key, order);
      }
      return order;
    },
  };
}

export function modelCache(snapshots: ReadModelStore, { maxDatasets = 8 } = {}) {
  const cache = new Map<DatasetId, Promise<LoadedModel | null>>();

  async function load(id: DatasetId): Promise<LoadedModel | null> {
    const file = await snapshots.file(id, "model", "identity");
    return file ? loadedModelOf(file.version, file.body) : null;
  }

  return {
    /** The current model of a dataset, or null when no snapshot was built yet. */
    async get(id: DatasetId): Promise<LoadedModel | null> {
      const version = await snapshots.version(id);
      if (!version) return null;
      const cached = await cache.get(id)?.catch(() => null);
      if (cached && cached.version.etag === version.etag) {
        cache.delete(id); // most recently used last
        cache.set(id, Promise.resolve(cached));
        return cached;
      }
      const loading = load(id);
      cache.delete(id);
      cache.set(id, loading);
      while (cache.size > maxDatasets) cache.delete(cache.keys().next().value as DatasetId);
      return loading;
    },
  };
}
export type ModelCache = ReturnType<typeof modelCache>;
