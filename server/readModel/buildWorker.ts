/**
 * The worker thread that builds large snapshots, so the server's main thread keeps serving. With a
 * store location it also writes them, through its own connection: the built files (~10 MB for
 * 10,000 rows) then never cross to the main thread, which only decides whether to keep a build.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { DatasetId } from "../../shared/ids.ts";
import type { ReadModelLocation } from "../storage/readModelTypes.ts";
import { openReadModelAt } from "../storage/sqliteReadModel.ts";
import { type BuildInput, type BuildOutput, buildSnapshot } from "./build.ts";

export type ToBuildWorker =
  | { type: "build"; id: number; input: BuildInput }
  | { type: "store"; id: number }
  | { type: "discard"; id: number };
export type FromBuildWorker = { id: number } & (
  | { output: BuildOutput }
  /** Built and held until stored or discarded (the worker has a store). */
  | { held: BuildOutput["version"] }
  | { stored: true }
  | { error: string }
);

const location = (workerData as { store: ReadModelLocation | null } | undefined)?.store ?? null;
let store: ReturnType<typeof openReadModelAt> | null = null;
const held = new Map<number, { datasetId: DatasetId; output: BuildOutput }>();

parentPort?.on("message", (message: ToBuildWorker) => {
  const { id } = message;
  try {
    if (message.type === "discard") {
      held.delete(id);
      return;
    }
    if (message.type === "store") {
      const build = held.get(id);
      held.delete(id);
      if (!build) throw new Error(`no build ${id} held`);
      store ??= openReadModelAt(location as ReadModelLocation);
      store.store.put(build.datasetId, build.output.version, build.output.files);
      return reply({ id, stored: true });
    }
    const output = buildSnapshot(message.input);
    if (location) {
      held.set(id, { datasetId: message.input.datasetId as DatasetId, output });
      return reply({ id, held: output.version });
    }
    const buffers = output.files.flatMap((f) => [f.identity.buffer, f.gzip.buffer, f.br.buffer]);
    reply({ id, output }, [...new Set(buffers)] as ArrayBuffer[]);
  } catch (error) {
    reply({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

function reply(message: FromBuildWorker, transfer: ArrayBuffer[] = []) {
  parentPort?.postMessage(message, transfer);
}
