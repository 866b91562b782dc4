/**
 * The read model in memory, for the rows API: the parsed model of each dataset's stored snapshot,
 * kept while its version is current (a few datasets, least recently used dropped first), with
 * rows by id and the row order of each sort asked for. Reads only: it never writes storage.
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
  /**
   * The answer for `key` (a request's URL) made once per version: an embed or a partner's app asks
   * the same pages again and again. Least recently used dropped beyond ANSWER_CACHE_BYTES.
   */
  answer(key: string, make: () => CachedAnswer): CachedAnswer;
};

/** An answer's JSON bytes, already checked against its schema, and its ETag. */
export type CachedAnswer = { body: Buffer; etag: string };

/** Bytes of cached answers kept per dataset (a 1,000-row page of 20 columns is about 0.6 MB). */
const ANSWER_CACHE_BYTES = 16 * 2 ** 20;

export function modelCache(snapshots: ReadModelStore, { maxDatasets = 8 } = {}) {
  const cache = new Map<DatasetId, Promise<LoadedModel | null>>();

  async function load(id: DatasetId): Promise<LoadedModel | null> {
    const file = await snapshots.file(id, "model", "identity");
    if (!file) return null;
    const model = JSON.parse(Buffer.from(file.body).toString("utf8")) as SnapshotModel;
    const rows: QueryRow[] = model.rows.map((row, i) => ({
      id: row.id,
      cells: row.cells,
      position: model.positions[i] as string,
    }));
    const orders = new Map<string, Int32Array>();
    const answers = new Map<string, CachedAnswer>();
    let answerBytes = 0;
    return {
      version: file.version,
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
      answer(key, make) {
        const cached = answers.get(key);
        if (cached) {
          answers.delete(key); // most recently used last
          answers.set(key, cached);
          return cached;
        }
        const made = make();
        if (made.body.byteLength > ANSWER_CACHE_BYTES) return made;
        answers.set(key, made);
        answerBytes += made.body.byteLength;
        for (const [oldest, dropped] of answers) {
          if (answerBytes <= ANSWER_CACHE_BYTES) break;
          answers.delete(oldest);
          answerBytes -= dropped.body.byteLength;
        }
        return made;
      },
    };
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
