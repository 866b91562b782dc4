/** The thread of sqliteCheckpoints.ts: its own connection to the database, a passive WAL checkpoint every interval. */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma("wal_autocheckpoint = 0"); // this connection only checkpoints when told below

const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)"); // never waits for the server's readers or writer
  } catch {
    // busy: the next interval tries again
  }
}, intervalMs);

parentPort?.on("message", (message: unknown) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
