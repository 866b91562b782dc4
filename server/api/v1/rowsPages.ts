/**
 * Rows pages of each dataset's current snapshot, made once per version and query and kept (an embed
 * or a partner's app asks the same pages again and again). A dataset whose model is `workerBytes`
 * or more has its pages made in a worker thread (rowsPageWorker.ts, started when first needed):
 * parsing a new version's model and making a 1,000-row page take tens of milliseconds, which on the
 * main thread would hold everyone's edits each time the snapshot changes. Smaller ones are made on
 * the main thread from the model cache (a round trip to the worker would cost more).
 */
import { Worker } from "node:worker_threads";
import { QueryError } from "../../../shared/api/rowQuery.ts";
import type { DatasetId } from "../../../shared/ids.ts";
import type { ModelCache } from "../../readModel/modelCache.ts";
import type { ReadModelStore, SnapshotVersion } from "../../storage/readModelTypes.ts";
import { AnswerOutsideSchema, type RowsQuery, rowsPageAnswer } from "./rowsPage.ts";
import type { FromPagesWorker, ToPagesWorker } from "./rowsPageWorker.ts";

/** A page's JSON bytes, checked against its schema, and its ETag. */
export type RowsPageBytes = { body: Buffer; etag: string };

/** Bytes of pages kept per dataset (a 1,000-row page of 20 columns is about 0.6 MB). */
const PAGE_CACHE_BYTES = 16 * 2 ** 20;
const MAX_DATASETS = 8;

type Current = {
  version: SnapshotVersion;
  inWorker: boolean;
  /** By request URL, least recently used first. */
  pages: Map<string, Promise<RowsPageBytes>>;
  sizes: Map<string, number>;
  bytes: number;
};

export function rowsPages({
  snapshots,
  models,
  workerBytes,
}: {
  snapshots: ReadModelStore;
  models: ModelCache;
  workerBytes: number;
}) {
  const current = new Map<DatasetId, Current>();
  let worker: Worker | null = null;
  let nextRequest = 1;
  const waiting = new Map<number, (reply: FromPagesWorker) => void>();

  function startWorker(): Worker {
    const started = new Worker(new URL("./rowsPageWorker.ts", import.meta.url));
    started.unref();
    started.on("message", (reply: FromPagesWorker) => {
      const resolve = waiting.get(reply.n);
      waiting.delete(reply.n);
      resolve?.(reply);
    });
    const fail = (error: Error) => {
      if (worker === started) worker = null;
      for (const resolve of waiting.values()) resolve({ n: 0, failed: error.message });
      waiting.clear();
    };
    started.on("error", fail);
    started.on("exit", (code) => fail(new Error(`rows pages worker exited (${code})`)));
    return started;
  }

  /** The worker reads the model file itself: its ~6 MB at 10,000 rows never pass through this thread. */
  function sendModel(datasetId: DatasetId, version: SnapshotVersion) {
    worker ??= startWorker();
    const file = snapshots.pathOf(datasetId, version, "model", "identity");
    const message: ToPagesWorker = { type: "model", datasetId, version, file };
    worker.postMessage(message);
  }

  function load(id: DatasetId, version: SnapshotVersion): Current {
    const inWorker = version.modelBytes >= workerBytes;
    if (inWorker) sendModel(id, version);
    return { version, inWorker, pages: new Map(), sizes: new Map(), bytes: 0 };
  }

  async function currentOf(id: DatasetId): Promise<Current | null> {
    const version = await snapshots.version(id);
    if (!version) return null;
    let entry = current.get(id);
    if (entry?.version.etag !== version.etag) {
      entry = load(id, version);
      current.delete(id);
      current.set(id, entry);
      while (current.size > MAX_DATASETS) current.delete(current.keys().next().value as DatasetId);
    }
    return entry;
  }

  async function inWorker(id: DatasetId, at: Current, url: string, query: RowsQuery, resent = false) {
    worker ??= startWorker();
    const n = nextRequest++;
    const answered = new Promise<FromPagesWorker>((resolve) => waiting.set(n, resolve));
    const message: ToPagesWorker = { type: "page", n, datasetId: id, etag: at.version.etag, url, query };
    worker.postMessage(message);
    const reply = await answered;
    if ("answer" in reply) {
      const { body, etag } = reply.answer;
      return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), etag };
    }
    if ("missing" in reply && !resent) {
      // The worker dropped that model, restarted, or found its files replaced by a newer snapshot.
      if ((await snapshots.version(id))?.etag !== at.version.etag) throw new SnapshotReplaced();
      sendModel(id, at.version);
      return inWorker(id, at, url, query, true);
    }
    if ("queryError" in reply) throw new QueryError(reply.queryError.code, reply.queryError.message);
    if ("outsideSchema" in reply) throw new AnswerOutsideSchema(reply.outsideSchema);
    throw new Error(`rows page failed in the worker: ${"failed" in reply ? reply.failed : "model missing"}`);
  }

  async function onMainThread(id: DatasetId, url: string, query: RowsQuery): Promise<RowsPageBytes> {
    const loaded = await models.get(id);
    if (!loaded) throw new Error("the snapshot disappeared while its page was made");
    const { body, etag } = rowsPageAnswer(loaded, url, query);
    return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), etag };
  }

  function keep(at: Current, url: string, page: Promise<RowsPageBytes>) {
    at.pages.set(url, page);
    page.then(
      ({ body }) => {
        if (at.pages.get(url) !== page) return;
        if (body.byteLength > PAGE_CACHE_BYTES) {
          at.pages.delete(url);
          return;
        }
        at.sizes.set(url, body.byteLength);
        at.bytes += body.byteLength;
        for (const oldest of at.pages.keys()) {
          if (at.bytes <= PAGE_CACHE_BYTES) break;
          at.pages.delete(oldest);
          at.bytes -= at.sizes.get(oldest) ?? 0;
          at.sizes.delete(oldest);
        }
      },
      () => {
        if (at.pages.get(url) === page) at.pages.delete(url); // a bad query is not kept
      },
    );
  }

  async function pageOf(id: DatasetId, url: string, query: RowsQuery) {
    const at = await currentOf(id);
    if (!at) return null;
    let page = at.pages.get(url);
    if (page) {
      at.pages.delete(url); // most recently used last
      at.pages.set(url, page);
    } else {
      page = at.inWorker ? inWorker(id, at, url, query) : onMainThread(id, url, query);
      keep(at, url, page);
    }
    return { version: at.version, page: await page };
  }

  return {
    /**
     * The page `url` asks of the dataset's current snapshot, with that snapshot's version; null
     * before its first snapshot. Throws QueryError for a query the dataset cannot answer.
     */
    async page(
      id: DatasetId,
      url: string,
      query: RowsQuery,
    ): Promise<{ version: SnapshotVersion; page: RowsPageBytes } | null> {
      try {
        return await pageOf(id, url, query);
      } catch (error) {
        if (!(error instanceof SnapshotReplaced)) throw error;
        return pageOf(id, url, query); // from the newer snapshot
      }
    },
    async close() {
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}
export type RowsPages = ReturnType<typeof rowsPages>;

/** A newer snapshot replaced the one a page was being made of. */
class SnapshotReplaced extends Error {
  constructor() {
    super("the snapshot changed while its page was made");
  }
}
