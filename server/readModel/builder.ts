/**
 * Runs snapshot builds, each ending with its files staged on disk (storage/snapshotFiles.ts): small
 * documents on the main thread (a worker's round trip costs more than the build), larger ones in
 * one worker thread, started when first needed and kept.
 */
import { Worker } from "node:worker_threads";
import type { DatasetId } from "../../shared/ids.ts";
import { type StagedSnapshot, stageSnapshot } from "../storage/snapshotFiles.ts";
import { type BuildInput, buildSnapshot } from "./build.ts";
import type { FromBuildWorker, ToBuildWorker } from "./buildWorker.ts";

export type Builder = { build(input: BuildInput): Promise<StagedSnapshot>; close(): Promise<void> };

/**
 * `workerBytes`: stored document size from which the build goes to the worker (0: always);
 * `stagingDir`: where builds write their files (the read model store's).
 */
export function snapshotBuilder({ workerBytes, stagingDir }: { workerBytes: number; stagingDir: string }): Builder {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (o: StagedSnapshot) => void; reject: (e: Error) => void }>();

  function start(): Worker {
    const started = new Worker(new URL("./buildWorker.ts", import.meta.url));
    started.unref();
    started.on("message", (reply: FromBuildWorker) => {
      const entry = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (!entry) return;
      if ("staged" in reply) entry.resolve(reply.staged);
      else entry.reject(new Error(`snapshot build failed in the worker: ${reply.error}`));
    });
    const fail = (error: Error) => {
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
      if (worker === started) worker = null;
    };
    started.on("error", fail);
    started.on("exit", (code) => fail(new Error(`snapshot worker exited (${code})`)));
    return started;
  }

  return {
    async build(input) {
      const size = (input.snapshot?.byteLength ?? 0) + input.updates.reduce((n, u) => n + u.byteLength, 0);
      if (size < workerBytes) return stageSnapshot(stagingDir, input.datasetId as DatasetId, buildSnapshot(input));
      worker ??= start();
      const id = nextId++;
      const result = new Promise<StagedSnapshot>((resolve, reject) => waiting.set(id, { resolve, reject }));
      const message: ToBuildWorker = { id, input, stagingDir };
      worker.postMessage(message);
      return result;
    },
    async close() {
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}
