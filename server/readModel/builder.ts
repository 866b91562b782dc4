/**
 * Runs snapshot builds: small documents on the main thread (a worker's round trip costs more than
 * the build), larger ones in one worker thread, started when first needed and kept.
 */
import { Worker } from "node:worker_threads";
import { type BuildInput, type BuildOutput, buildSnapshot } from "./build.ts";

export type Builder = { build(input: BuildInput): Promise<BuildOutput>; close(): Promise<void> };

/** `workerBytes`: stored document size from which the build goes to the worker (0: always). */
export function snapshotBuilder({ workerBytes }: { workerBytes: number }): Builder {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (o: BuildOutput) => void; reject: (e: Error) => void }>();

  function start(): Worker {
    const started = new Worker(new URL("./buildWorker.ts", import.meta.url));
    started.unref();
    started.on("message", ({ id, output, error }: { id: number; output?: BuildOutput; error?: string }) => {
      const entry = waiting.get(id);
      waiting.delete(id);
      if (!entry) return;
      if (output) entry.resolve(output);
      else entry.reject(new Error(`snapshot build failed in the worker: ${error}`));
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
      if (size < workerBytes) return buildSnapshot(input);
      worker ??= start();
      const id = nextId++;
      const result = new Promise<BuildOutput>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.postMessage({ id, input });
      return result;
    },
    async close() {
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}
