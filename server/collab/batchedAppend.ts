/**
 * Updates that arrive in the same turn of the event loop are appended to the log in one write (one
 * SQLite transaction) at the end of that turn. Each caller waits for the write that holds its
 * update, so an update is still on disk before it is applied and acknowledged, without a commit of
 * its own: each commit writes whole pages of the log and its indexes, and with fifty people editing
 * those commits held the server's one thread longer than everything else it does per edit.
 * Writes run one after another, in the order the updates arrived.
 */
import type { DocumentStore, LogEntry } from "../storage/types.ts";

export function batchedAppend(store: Pick<DocumentStore, "appendAll">): (entry: LogEntry) => Promise<void> {
  let open: { entries: LogEntry[]; written: Promise<void> } | null = null;
  let previous: Promise<void> = Promise.resolve();
  return (entry) => {
    if (!open) {
      const entries: LogEntry[] = [];
      const written = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        open = null; // updates from now on go into the next write
        const write = previous.then(() => store.appendAll(entries));
        previous = write.catch(() => undefined); // a failed write fails its own updates only
        return write;
      });
      open = { entries, written };
    }
    open.entries.push(entry);
    return open.written;
  };
}
