/**
 * The worker thread that builds large snapshots and writes their files into the staging directory
 * itself, so neither the build nor ~10 MB of writes hold the server's main thread.
 */
import { parentPort } from "node:worker_threads";
import type { DatasetId } from "../../shared/ids.ts";
import { type StagedSnapshot, stageSnapshot } from "../storage/snapshotFiles.ts";
import { type BuildInput, buildSnapshot } from "./build.ts";

export type ToBuildWorker = { id: number; input: BuildInput; stagingDir: string };
export type FromBuildWorker = { id: number } & ({ staged: StagedSnapshot } | { error: string });

parentPort?.on("message", async ({ id, input, stagingDir }: ToBuildWorker) => {
  try {
    const staged = await stageSnapshot(stagingDir, input.datasetId as DatasetId, buildSnapshot(input));
    reply({ id, staged });
  } catch (error) {
    reply({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

function reply(message: FromBuildWorker) {
  parentPort?.postMessage(message);
}
