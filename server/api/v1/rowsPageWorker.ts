/**
 * The worker thread that makes rows pages of large datasets (rowsPages.ts): it parses each new
 * snapshot model and answers page requests from it, so neither the parse nor a page's making
 * holds the main thread, where everyone's edits are relayed. Where the store lets a worker read it
 * (`workerLocation`), it reads each new model itself, through its own connection; otherwise the main
 * thread sends it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { QueryError } from "../../../shared/api/rowQuery.ts";
import type { DatasetId } from "../../../shared/ids.ts";
import { type LoadedModel, loadedModelOf } from "../../readModel/modelCache.ts";
import type { ReadModelLocation, SnapshotVersion } from "../../storage/readModelTypes.ts";
import { openReadModelAt } from "../../storage/sqliteReadModel.ts";
import { AnswerOutsideSchema, type PageAnswer, type RowsQuery, rowsPageAnswer } from "./rowsPage.ts";

export type ToPagesWorker =
  | { type: "model"; datasetId: DatasetId; version: SnapshotVersion; body: Uint8Array }
  | { type: "page"; n: number; datasetId: DatasetId; etag: string; url: string; query: RowsQuery };
export type FromPagesWorker = { n: number } & (
  | { answer: PageAnswer }
  /** The worker holds no model of that version (dropped, or it restarted): send it again. */
  | { missing: true }
  /** The store holds a newer version than the one asked for: ask again of the current one. */
  | { stale: true }
  | { queryError: { code: QueryError["code"]; message: string } }
  | { outsideSchema: unknown[] }
  | { failed: string }
);

/** Models kept, least recently used dropped first (as the main thread's model cache). */
const MAX_DATASETS = 8;
const models = new Map<DatasetId, LoadedModel>();
const location = (workerData as { store: ReadModelLocation | null } | undefined)?.store ?? null;
let store: ReturnType<typeof openReadModelAt> | null = null;

function keep(datasetId: DatasetId, loaded: LoadedModel) {
  models.delete(datasetId);
  models.set(datasetId, loaded);
  while (models.size > MAX_DATASETS) models.delete(models.keys().next().value as DatasetId);
}

/** The model of version `etag`, read from the store if not held; "stale" when the store moved on. */
function modelOf(datasetId: DatasetId, etag: string): LoadedModel | "missing" | "stale" {
  const held = models.get(datasetId);
  if (held?.version.etag === etag) return held;
  if (!location) return "missing";
  store ??= openReadModelAt(location);
  // The SQLite store answers at once (a store answering with promises would make this async).
  const file = store.store.file(datasetId, "model", "identity") as {
    version: SnapshotVersion;
    body: Uint8Array;
  } | null;
  if (file?.version.etag !== etag) return "stale";
  const loaded = loadedModelOf(file.version, file.body);
  keep(datasetId, loaded);
  return loaded;
}

parentPort?.on("message", (message: ToPagesWorker) => {
  if (message.type === "model") return keep(message.datasetId, loadedModelOf(message.version, message.body));
  const { n } = message;
  try {
    const loaded = modelOf(message.datasetId, message.etag);
    if (loaded === "missing") return reply({ n, missing: true });
    if (loaded === "stale") return reply({ n, stale: true });
    const answer = rowsPageAnswer(loaded, message.url, message.query);
    reply({ n, answer }, [answer.body.buffer as ArrayBuffer]);
  } catch (error) {
    if (error instanceof QueryError) reply({ n, queryError: { code: error.code, message: error.message } });
    else if (error instanceof AnswerOutsideSchema) reply({ n, outsideSchema: error.issues });
    else reply({ n, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

function reply(message: FromPagesWorker, transfer: ArrayBuffer[] = []) {
  parentPort?.postMessage(message, transfer);
}
