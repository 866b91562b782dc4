/**
 * Runs snapshot builds: small documents on the main thread (a worker's round trip costs more than
 * the build), larger ones in one worker thread, started when first needed and kept. Where the store
 * lets a worker write it (`workerLocation`), the worker keeps what it built and writes it when told
 * to: the main thread never handles a large snapshot's files, nor stops for their write.
 */
import { Worker } from "node:worker_threads";
import type { DatasetId } from "../../shared/ids.ts";
import type { ReadModelStore, SnapshotVersion } from "../storage/readModelTypes.ts";
import { type BuildInput, buildSnapshot } from "./build.ts";
import type { FromBuildWorker, ToBuildWorker } from "./buildWorker.ts";

/** A build, not stored yet: `store` writes it as the dataset's snapshot, `discard` forgets it. */
export type Built = { version: SnapshotVersion; store(): Promise<void>; discard(): void };

export type Builder = { build(input: BuildInput): Promise<Built>; close(): Promise<void> };

/** `workerBytes`: stored document size from which the build goes to the worker (0: always). */
export function snapshotBuilder({
  workerBytes,
  snapshots,
}: {
  workerBytes: number;
  snapshots: ReadModelStore;
}): Builder {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (reply: FromBuildWorker) => void; reject: (e: Error) => void }>();

  function start(): Worker {
    const started = new Worker(new URL("./buildWorker.ts", import.meta.url), {
      workerData: { store: snapshots.workerLocation },
    });
    started.unref();
    started.on("message", (reply: FromBuildWorker) => {
      const entry = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (!entry) return;
      if ("error" in reply) entry.reject(new Error(`snapshot build failed in the worker: ${reply.error}`));
      else entry.resolve(reply);
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

  function ask(message: ToBuildWorker): Promise<FromBuildWorker> {
    worker ??= start();
    const asked = worker;
    const answered = new Promise<FromBuildWorker>((resolve, reject) => waiting.set(message.id, { resolve, reject }));
    asked.postMessage(message);
    return answered;
  }

  return {
    async build(input) {
      const datasetId = input.datasetId as DatasetId;
      const size = (input.snapshot?.byteLength ?? 0) + input.updates.reduce((n, u) => n + u.byteLength, 0);
      const local = size < workerBytes ? buildSnapshot(input) : null;
      const id = nextId++;
      const reply = local ? { id, output: local } : await ask({ type: "build", id, input });
      if ("output" in reply) {
        const { version, files } = reply.output;
        return { version, store: async () => snapshots.put(datasetId, version, files), discard() {} };
      }
      if (!("held" in reply)) throw new Error("unexpected answer from the snapshot worker");
      const builtBy = worker;
      return {
        version: reply.held,
        store: () =>
          snapshots.putBy(datasetId, async () => {
            // A worker restarted since holds nothing of this build.
            if (worker !== builtBy) throw new Error("the snapshot worker restarted before storing a build");
            await ask({ type: "store", id });
          }),
        discard: () => builtBy?.postMessage({ type: "discard", id } satisfies ToBuildWorker),
      };
    },
    async close() {
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}
