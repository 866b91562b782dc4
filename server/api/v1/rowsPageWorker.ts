/**
 * The worker thread that makes rows pages of large datasets (rowsPages.ts): it parses each new
 * snapshot model and answers page requests from it, so neither the parse nor a page's making
 * holds the main thread, where everyone's edits are relayed.
 */
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { QueryError } from "../../../shared/api/rowQuery.ts";
import type { DatasetId } from "../../../shared/ids.ts";
import { type LoadedModel, loadedModelOf } from "../../readModel/modelCache.ts";
import type { SnapshotVersion } from "../../storage/readModelTypes.ts";
import { AnswerOutsideSchema, type PageAnswer, type RowsQuery, rowsPageAnswer } from "./rowsPage.ts";

export type ToPagesWorker =
  /** `file`: the model's path, read here (a newer snapshot may have deleted it: pages then answer `missing`). */
  | { type: "model"; datasetId: DatasetId; version: SnapshotVersion; file: string }
  | { type: "page"; n: number; datasetId: DatasetId; etag: string; url: string; query: RowsQuery };
export type FromPagesWorker = { n: number } & (
  | { answer: PageAnswer }
  /** The worker holds no model of that version (dropped, or it restarted): send it again. */
  | { missing: true }
  | { queryError: { code: QueryError["code"]; message: string } }
  | { outsideSchema: unknown[] }
  | { failed: string }
);

/** Models kept, least recently used dropped first (as the main thread's model cache). */
const MAX_DATASETS = 8;
const models = new Map<DatasetId, LoadedModel>();

parentPort?.on("message", (message: ToPagesWorker) => {
  if (message.type === "model") {
    models.delete(message.datasetId);
    const body = readModelFile(message.file);
    if (body) models.set(message.datasetId, loadedModelOf(message.version, body));
    while (models.size > MAX_DATASETS) models.delete(models.keys().next().value as DatasetId);
    return;
  }
  const { n } = message;
  const loaded = models.get(message.datasetId);
  if (!loaded || loaded.version.etag !== message.etag) return reply({ n, missing: true });
  try {
    const answer = rowsPageAnswer(loaded, message.url, message.query);
    reply({ n, answer }, [answer.body.buffer as ArrayBuffer]);
  } catch (error) {
    if (error instanceof QueryError) reply({ n, queryError: { code: error.code, message: error.message } });
    else if (error instanceof AnswerOutsideSchema) reply({ n, outsideSchema: error.issues });
    else reply({ n, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

function readModelFile(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function reply(message: FromPagesWorker, transfer: ArrayBuffer[] = []) {
  parentPort?.postMessage(message, transfer);
}
