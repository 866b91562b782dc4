/**
 * One fresh client in a process of its own, started by size.ts with --expose-gc: connects to a
 * dataset with an empty document, times its first sync and building the DatasetView (what the
 * grid reads), and measures the heap the two hold. Sends one SizeClientResult over IPC.
 *   node --expose-gc scripts/bench/sizeClient.ts <wsUrl> <document name>
 */
import { DatasetView } from "../../shared/dataset/index.ts";
import { connectClient } from "./clients.ts";

export type SizeClientResult = { syncMs: number; viewMs: number; heapBytes: number; rows: number };

const [wsUrl, documentName] = process.argv.slice(2);
const collect = globalThis.gc;
if (!wsUrl || !documentName || !collect) throw new Error("usage: node --expose-gc sizeClient.ts <wsUrl> <name>");

collect();
const heapBefore = process.memoryUsage().heapUsed;
const connecting = performance.now();
const client = await connectClient("hocuspocus", wsUrl, documentName, 120_000);
const synced = performance.now();
const view = new DatasetView(client.doc);
const rows = view.rowsInOrder().length;
const built = performance.now();
collect();
const heapBytes = process.memoryUsage().heapUsed - heapBefore;

const result: SizeClientResult = { syncMs: synced - connecting, viewMs: built - synced, heapBytes, rows };
process.send?.(result, () => {
  view.destroy();
  client.destroy();
  process.disconnect();
});
