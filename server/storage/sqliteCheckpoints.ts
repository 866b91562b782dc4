/**
 * WAL checkpoints in a thread of their own. SQLite copies the write-ahead log back into the
 * database (and syncs it) from whichever commit takes the log past 1,000 pages, on that
 * connection's thread: with the published snapshots rewritten once a second while people edit,
 * that was a 30–150 ms stop of the server's one thread every few seconds, in the middle of someone's
 * edit. Here the server's connection never checkpoints; a worker with its own connection does,
 * passively (it waits for nobody), every `intervalMs`. If the worker fails, the server's connection
 * checkpoints as before.
 */
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export function backgroundCheckpoints(db: Database.Database, file: string, intervalMs = 1000) {
  db.pragma("wal_autocheckpoint = 0");
  const worker = new Worker(new URL("./checkpointWorker.ts", import.meta.url), { workerData: { file, intervalMs } });
  worker.unref();
  let stopping = false;
  const exited = once(worker, "exit");
  const fallBack = () => {
    if (!stopping && db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };
  worker.on("error", fallBack);
  worker.on("exit", fallBack);
  return {
    /** Stops the worker, once its connection is closed. */
    async stop(): Promise<void> {
      stopping = true;
      worker.postMessage("stop");
      await exited;
    },
  };
}
