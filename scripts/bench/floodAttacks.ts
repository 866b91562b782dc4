/**
 * The flood classes of the flood benchmark (issue 7): what an anonymous attacker sends, built
 * before the attack starts so that building costs nothing during it, and how one attack runs.
 *
 * Every update is a valid cell edit of the dataset (a real row id and column id), written on a
 * fresh Y.Doc of the attacker's own: the dataset's cells map starts empty (rows live in blocks),
 * so a first write of a cell needs nothing of the server's document. Attack cells are taken from
 * the second half of the dataset's rows, far from the cells the victims edit.
 */
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { sleep } from "./async.ts";
import { frame, type RawCollabClient } from "./rawCollabClient.ts";

export type Cell = { rowId: RowId; columnId: ColumnId };

export type Attack = {
  key: string;
  label: string;
  /** What the attacker does, for the report. */
  what: string;
  /** The dataset it connects to: the victims' public-edit one, or a public-read one beside it. */
  dataset: "public-edit" | "public-read";
  /** A reader that never reads: it pauses its socket once authenticated. */
  reads: boolean;
  /** Cells it needs (besides the probe's). */
  cells: number;
  /** Its messages, in order, and how many of them are updates (each acknowledged once handled). */
  build(client: RawCollabClient, cells: Cell[]): { messages: Uint8Array[]; updates: number; bytes: number };
};

import { ANONYMOUS_MAX_UPDATE_ITEMS } from "../../server/collab/writeBudgetExtension.ts";

const SYNC_REQUESTS = 2_000;
const AWARENESS_UPDATES = 20_000;
const AWARENESS_CLIENT_IDS = 100_000;
const TINY_UPDATES = 10_000;
const PENDING_UPDATES = 3_000;
const CHAINED_ITEMS = 16_000;
const WIDE_KEYS = 80_000;
/** The most one visitor's update may hold (ANONYMOUS_MAX_UPDATE_ITEMS, server/collab/writeBudgetExtension.ts). */
const LARGEST_ALLOWED_KEYS = ANONYMOUS_MAX_UPDATE_ITEMS;
/** Characters of each value of the wide updates: with its key, about 37 bytes a key (80,000 keys: ~3 MB). */
const WIDE_VALUE_CHARS = 8;

export const attacks: Attack[] = [
  {
    key: "sync-requests",
    label: "1. sync requests",
    what: `${SYNC_REQUESTS.toLocaleString("en")} SyncStep1 messages with an empty state vector (each asks for the whole document) from a visitor of a public-read copy of the dataset who never reads its socket`,
    dataset: "public-read",
    reads: false,
    cells: 0,
    build(client) {
      const request = client.syncRequest();
      return repeat(request, SYNC_REQUESTS, 0);
    },
  },
  {
    key: "awareness-flood",
    label: "2a. awareness flood",
    what: `${AWARENESS_UPDATES.toLocaleString("en")} awareness updates back to back from one client id (a name, a colour and a cursor moving over cells, as a real client sends)`,
    dataset: "public-edit",
    reads: true,
    cells: 1_000,
    build(client, cells) {
      const clientId = randomClientId();
      const messages = Array.from({ length: AWARENESS_UPDATES }, (_, i) => {
        const cell = cells[i % cells.length] as Cell;
        const state = { user: { name: `Guest ${i}`, color: "#aa3300" }, cursor: cell };
        return client.awareness(awarenessUpdate([{ clientId, clock: i + 1, state }]));
      });
      return withSize(messages, 0);
    },
  },
  {
    key: "awareness-ids",
    label: "2b. awareness ids",
    what: `one awareness message carrying ${AWARENESS_CLIENT_IDS.toLocaleString("en")} client ids, each with a small presence state`,
    dataset: "public-edit",
    reads: true,
    cells: 0,
    build(client) {
      const ids = new Set<number>();
      while (ids.size < AWARENESS_CLIENT_IDS) ids.add(randomClientId());
      const state = { user: { name: "Guest", color: "#0057b8" } };
      const update = awarenessUpdate([...ids].map((clientId) => ({ clientId, clock: 1, state })));
      return withSize([client.awareness(update)], 0);
    },
  },
  {
    key: "tiny-updates",
    label: "3. tiny updates",
    what: `${TINY_UPDATES.toLocaleString("en")} valid updates back to back, one cell each`,
    dataset: "public-edit",
    reads: true,
    cells: TINY_UPDATES,
    build(client, cells) {
      const updates = captureUpdates(new Y.Doc(), (doc) => {
        for (let i = 0; i < TINY_UPDATES; i++) setCells(doc, [{ ...(cells[i] as Cell), value: `flood ${i}` }], "flood");
      });
      return withSize(
        updates.map((u) => client.update(u)),
        updates.length,
      );
    },
  },
  {
    key: "pending-updates",
    label: "4. pending updates",
    what: `${PENDING_UPDATES.toLocaleString("en")} small updates that can never be applied: one client's edits from its second on, its first never sent (a clock gap)`,
    dataset: "public-edit",
    reads: true,
    cells: PENDING_UPDATES + 1,
    build(client, cells) {
      const updates = captureUpdates(new Y.Doc(), (doc) => {
        for (let i = 0; i <= PENDING_UPDATES; i++)
          setCells(doc, [{ ...(cells[i] as Cell), value: `gap ${i}` }], "flood");
      });
      const sent = updates.slice(1); // the first edit (clock 0) is never sent
      return withSize(
        sent.map((u) => client.update(u)),
        sent.length,
      );
    },
  },
  {
    key: "chained-update",
    label: "5a. chained update",
    what: `one update of ${CHAINED_ITEMS.toLocaleString("en")} chained items: one cell overwritten ${CHAINED_ITEMS.toLocaleString("en")} times, each item's origin the one before (two writers take turns, because one writer's overwrites in one transaction merge into a single item)`,
    dataset: "public-edit",
    reads: true,
    cells: 1,
    build(client, cells) {
      const update = chainedUpdate(cells[0] as Cell, CHAINED_ITEMS);
      return withSize([client.update(update)], 1);
    },
  },
  wideUpdate("wide-update", "5b. wide update", WIDE_KEYS, "about 3 MB"),
  wideUpdate(
    "wide-update-largest",
    "5c. widest visitor update",
    LARGEST_ALLOWED_KEYS,
    `${LARGEST_ALLOWED_KEYS.toLocaleString("en")} keys, the most a visitor's update may hold`,
  ),
];

/** One update setting `keys` new cell keys in one transaction. */
function wideUpdate(key: string, label: string, keys: number, size: string): Attack {
  return {
    key,
    label,
    what: `one update of ${size} setting ${keys.toLocaleString("en")} new cell keys in one transaction`,
    dataset: "public-edit",
    reads: true,
    cells: keys,
    build(client, cells) {
      const [update] = captureUpdates(new Y.Doc(), (doc) =>
        setCells(
          doc,
          cells.slice(0, keys).map((cell, i) => ({ ...cell, value: String(i).padStart(WIDE_VALUE_CHARS, "w") })),
          "flood",
        ),
      );
      return withSize([client.update(update as Uint8Array)], 1);
    },
  };
}

export type AttackLimits = {
  /** The attack is stopped this long after its first message. */
  timeLimitMs: number;
  /** The attacker is cut when the server's RSS goes over this (the machine must survive the run). */
  rssCapBytes: number;
  rssBytes: () => number;
};

export type AttackOutcome = {
  messages: number;
  bytes: number;
  /** How the attacker's connection ended, as the attacker saw it. */
  ended: string;
  /** From the first message until the server had handled the attack (or the connection ended); null: not seen before the limit. */
  overAfterMs: number | null;
  /** Why the benchmark stopped the attack, if it did. */
  stoppedBy: "time limit" | "RSS cap" | null;
  limitMs: number;
};

/** How often the attack's end is looked for: the resolution of "attack over after". */
export const POLL_MS = 10;
/** A reader that does not read learns that the server cut it only by writing: it writes this often. */
const WRITE_PROBE_EVERY_MS = 250;

/**
 * Writes the whole attack at once and, for a reader that reads, one small update after it (the
 * probe), whose acknowledgement shows that the server has handled everything before it. A reader that does not read cannot see
 * acknowledgements: its attack is over when a write fails (the server cut it) or at the limit;
 * then it reads what is left to learn how the connection ended.
 */
export async function runAttack(
  attack: Attack,
  client: RawCollabClient,
  built: ReturnType<Attack["build"]>,
  probe: Uint8Array,
  limits: AttackLimits,
): Promise<AttackOutcome> {
  const frames = frame(attack.reads ? [...built.messages, client.update(probe)] : built.messages);
  if (!attack.reads) client.pause();
  client.markStart();
  client.sendFramed(frames);
  const handled = () => attack.reads && client.acknowledged >= built.updates + 1;

  let stoppedBy: AttackOutcome["stoppedBy"] = null;
  let lastWriteProbe = 0;
  while (client.open && !handled()) {
    if (client.elapsedMs() >= limits.timeLimitMs) {
      stoppedBy = "time limit";
      break;
    }
    if (limits.rssBytes() > limits.rssCapBytes) {
      stoppedBy = "RSS cap";
      break;
    }
    if (!attack.reads && client.elapsedMs() - lastWriteProbe >= WRITE_PROBE_EVERY_MS) {
      lastWriteProbe = client.elapsedMs();
      client.send(client.stateless());
    }
    await sleep(POLL_MS);
  }
  const overAfterMs = stoppedBy === null ? client.elapsedMs() : null;
  // The poll saw the connection leave OPEN (a close frame arrived, or the socket was cut) at this time.
  const closedAfterMs = client.open ? null : overAfterMs;
  if (stoppedBy === "RSS cap") client.terminate();
  else {
    // A reader that did not read reads what is left, to learn whether (and how) the server closed.
    if (!attack.reads) client.resume();
    // A close frame sets CLOSING at once; the close event waits for the server to end TCP, which a busy server delays.
    if (!attack.reads || !client.open) await client.waitClosed(2_000);
  }
  return {
    messages: built.messages.length,
    bytes: built.bytes,
    ended: describeEnd(client, stoppedBy, closedAfterMs),
    overAfterMs,
    stoppedBy,
    limitMs: limits.timeLimitMs,
  };
}

function describeEnd(client: RawCollabClient, stoppedBy: AttackOutcome["stoppedBy"], seenAfterMs: number | null) {
  if (stoppedBy === "RSS cap") return "cut by the benchmark (server RSS cap)";
  const closed = client.closed ?? client.closeFrame();
  if (!closed) return "still open";
  const what = closed.code === 1006 ? "cut (1006, no close frame)" : `closed ${closed.code} ${closed.reason}`.trim();
  const afterMs = seenAfterMs ?? closed.afterMs;
  return afterMs === null ? `${what}, seen when it read at the end` : `${what} after ${formatSeconds(afterMs)}`;
}

export const formatSeconds = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/** A small valid cell edit from a writer of its own, sent after the flood. */
export function probeUpdate(cell: Cell): Uint8Array {
  const [update] = captureUpdates(new Y.Doc(), (doc) => setCells(doc, [{ ...cell, value: "probe" }], "probe"));
  return update as Uint8Array;
}

function repeat(message: Uint8Array, times: number, updates: number) {
  return { messages: Array.from({ length: times }, () => message), updates, bytes: message.byteLength * times };
}

function withSize(messages: Uint8Array[], updates: number) {
  return { messages, updates, bytes: messages.reduce((sum, m) => sum + m.byteLength, 0) };
}

/** The updates `write` makes on `doc`, one per transaction. */
function captureUpdates(doc: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  write(doc);
  doc.destroy();
  return updates;
}

/** One cell overwritten `items` times by two writers in turn, as one update: a single chain of items. */
function chainedUpdate(cell: Cell, items: number): Uint8Array {
  const writers = [new Y.Doc(), new Y.Doc()] as const;
  const [a, b] = writers;
  a.on("update", (update: Uint8Array, origin: unknown) => origin !== b && Y.applyUpdate(b, update, a));
  b.on("update", (update: Uint8Array, origin: unknown) => origin !== a && Y.applyUpdate(a, update, b));
  for (let i = 0; i < items; i++) setCells(writers[i % 2] as Y.Doc, [{ ...cell, value: `c${i}` }], "flood");
  const update = Y.encodeStateAsUpdate(a);
  a.destroy();
  b.destroy();
  return update;
}

type AwarenessEntry = { clientId: number; clock: number; state: unknown };

/** An awareness update as y-protocols encodes it: count, then client id, clock and JSON state each. */
function awarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

const randomClientId = (): number => crypto.getRandomValues(new Uint32Array(1))[0] as number;
