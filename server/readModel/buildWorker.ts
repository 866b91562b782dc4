/** The worker thread that builds large snapshots, so the server's main thread keeps serving. */
import { parentPort } from "node:worker_threads";
import { type BuildInput, buildSnapshot } from "./build.ts";

parentPort?.on("message", ({ id, input }: { id: number; input: BuildInput }) => {
  try {
    const output = buildSnapshot(input);
    const buffers = output.files.flatMap((f) => [f.identity.buffer, f.gzip.buffer, f.br.buffer]);
    parentPort?.postMessage({ id, output }, [...new Set(buffers)] as ArrayBuffer[]);
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
