/**
 * One process of an edit storm (see editStorm.ts), hosting some of its clients.
 *
 * Client c's k-th edit writes a cell of its own, number c + k × clients in row-major order, so no
 * two edits ever touch the same cell and every edit must reach every other client. The value
 * carries the sender and the send time ("e<client>.<seq>@<ms>"); receivers observe the cells map
 * and record the delay. Edits of one client are evenly spaced and the clients' phases are spread
 * over the interval, so the storm has a steady rate instead of bursts.
 */
import { cellKey, DatasetView, roots, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { wallClockMs } from "./async.ts";
import { type BenchClient, connectClient } from "./clients.ts";
import type { AcknowledgedEdit, FromWorker, ToWorker, WorkerAssignment } from "./editStorm.ts";

type Editor = {
  index: number;
  client: BenchClient;
  sent: { key: string; value: string }[];
  acknowledged: AcknowledgedEdit[];
  /** Ids ("<client>.<seq>") of the other clients' edits seen so far. */
  received: Set<string>;
};

const EDIT_VALUE = /^e(\d+)\.(\d+)@([\d.]+)$/;

let assignment: WorkerAssignment;
let editors: Editor[] = [];
let cells: { rowId: RowId; columnId: ColumnId }[] = [];
const latenciesMs: number[] = [];
const timers = new Set<NodeJS.Timeout>();
let warmupEndsAt = Number.POSITIVE_INFINITY;
let cpuAtStart = process.cpuUsage();
let reported = false;

const send = (message: FromWorker) => process.send?.(message);

process.on("message", (message: ToWorker) => {
  const handled =
    message.type === "connect"
      ? connect(message.assignment)
      : message.type === "start"
        ? Promise.resolve(start(message.at))
        : Promise.resolve(report());
  handled.catch((error: unknown) => send({ type: "failed", message: String(error) }));
});

async function connect(config: WorkerAssignment): Promise<void> {
  assignment = config;
  // y-websocket's provider adds one process "exit" listener per client in Node.
  process.setMaxListeners(config.clientIndexes.length + 10);
  const clients = await Promise.all(
    config.clientIndexes.map(() => connectClient(config.protocol, config.wsUrl, config.documentName, 60_000)),
  );
  editors = clients.map((client, i) => ({
    index: config.clientIndexes[i] as number,
    client,
    sent: [],
    acknowledged: [],
    received: new Set(),
  }));
  const first = clients[0];
  if (first) cells = cellsOf(new DatasetView(first.doc));
  if (cells.length < config.clients * config.editsPerClient) {
    throw new Error(`${config.clients * config.editsPerClient} edits need more than the ${cells.length} cells`);
  }
  for (const editor of editors) listen(editor);
  send({ type: "ready" });
}

/** Every cell of the dataset in row-major order. */
function cellsOf(view: DatasetView) {
  const columns = view.columns().map((c) => c.id);
  const all = view.rowsInOrder().flatMap((row) => columns.map((columnId) => ({ rowId: row.id, columnId })));
  view.destroy();
  return all;
}

function listen(editor: Editor): void {
  const map = editor.client.doc.getMap<unknown>(roots.cells);
  map.observe((event, transaction) => {
    if (transaction.local) return;
    const now = wallClockMs();
    for (const key of event.keysChanged) {
      const match = EDIT_VALUE.exec(String(map.get(key)));
      if (!match) continue;
      const [, sender, seq, sentAt] = match;
      const id = `${sender}.${seq}`;
      if (Number(sender) === editor.index || editor.received.has(id)) continue;
      editor.received.add(id);
      if (Number(sentAt) >= warmupEndsAt) latenciesMs.push(now - Number(sentAt));
    }
  });
  editor.client.onAllAcknowledged(() => {
    const now = wallClockMs();
    for (const edit of editor.sent.slice(editor.acknowledged.length))
      editor.acknowledged.push({ ...edit, ackedAt: now });
  });
}

function start(at: number): void {
  warmupEndsAt = at + assignment.warmupMs;
  cpuAtStart = process.cpuUsage();
  const intervalMs = 1000 / assignment.ratePerSecond;
  let unfinished = editors.length;
  for (const editor of editors) {
    const phase = (editor.index / assignment.clients) * intervalMs;
    const next = (seq: number) => {
      if (seq === assignment.editsPerClient) {
        unfinished -= 1;
        if (unfinished === 0) schedule(report, assignment.drainMs);
        return;
      }
      edit(editor, seq);
      // Against the planned time, not the previous edit, so the rate does not drift.
      schedule(() => next(seq + 1), at + phase + (seq + 1) * intervalMs - wallClockMs());
    };
    schedule(() => next(0), at + phase - wallClockMs());
  }
}

function edit(editor: Editor, seq: number): void {
  const cell = cells[editor.index + assignment.clients * seq];
  if (!cell) throw new Error(`no cell for edit ${seq} of client ${editor.index}`);
  const sentAt = wallClockMs();
  const value = `e${editor.index}.${seq}@${sentAt.toFixed(3)}`;
  editor.sent.push({ key: cellKey(cell.rowId, cell.columnId), value });
  setCells(editor.client.doc, [{ ...cell, value }], "bench");
}

function schedule(task: () => void, delayMs: number): void {
  const timer = setTimeout(
    () => {
      timers.delete(timer);
      task();
    },
    Math.max(0, delayMs),
  );
  timers.add(timer);
}

/** Stops editing, disconnects every client and reports what was measured. */
function report(): void {
  if (reported) return;
  reported = true;
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  for (const editor of editors) editor.client.destroy();
  const cpu = process.cpuUsage(cpuAtStart);
  send({
    type: "report",
    report: {
      sent: editors.reduce((sum, e) => sum + e.sent.length, 0),
      receptions: editors.reduce((sum, e) => sum + e.received.size, 0),
      latenciesMs: Float64Array.from(latenciesMs),
      acknowledged: editors.flatMap((e) => e.acknowledged),
      cpuMs: (cpu.user + cpu.system) / 1000,
    },
  });
}
