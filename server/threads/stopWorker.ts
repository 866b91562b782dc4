/**
 * Stops a worker thread that may hold a SQLite connection: it is asked to close it and end by
 * itself ("close"), and terminated only if it has not within `graceMs` (a long build running).
 * Terminating a thread in the middle of a native SQLite call can abort the whole process.
 */
import { once } from "node:events";
import type { Worker } from "node:worker_threads";

export async function stopWorker(worker: Worker, graceMs = 2000): Promise<void> {
  if (worker.threadId === -1) return; // already exited
  const exited = once(worker, "exit").then(() => true);
  worker.postMessage({ type: "close" });
  const ended = await Promise.race([exited, new Promise<false>((resolve) => setTimeout(resolve, graceMs, false))]);
  if (!ended) await worker.terminate();
}
