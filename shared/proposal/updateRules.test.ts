/**
 * The proposal document's update rules (docs/PROPOSALS.md P13–P15, and the shared walk's R1, R2,
 * R8): what a contributor's client writes passes; anything else is refused before it is applied,
 * including the crafted inputs of yjs issue #687 and PR #688.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type ColumnId, newColumnId, newRowId, type RowId } from "../ids.ts";
import { limits } from "../limits.ts";
import { entryCount, proposeCells, proposeDeletions, proposeRows, readProposal, removeChanges } from "./changes.ts";
import { type CellChange, cellChangeId, newRowChangeId, proposalLimits } from "./schema.ts";
import { proposalUndoManager } from "./undo.ts";
import { checkProposalUpdate, UpdateRefused } from "./updateRules.ts";

const row = newRowId();
const column = newColumnId();

/** The update `write` makes on a copy of `server`. */
function updateOf(server: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  client.on("update", (u: Uint8Array) => updates.push(u));
  write(client);
  return Y.mergeUpdates(updates);
}

function refusal(server: Y.Doc, update: Uint8Array) {
  try {
    checkProposalUpdate(server, update);
    return null;
  } catch (error) {
    if (!(error instanceof UpdateRefused)) throw error;
    return { rule: error.rule, kind: error.kind };
  }
}

/** Checks, then applies like the server does, and checks nothing is left pending. */
function accept(server: Y.Doc, update: Uint8Array) {
  expect(refusal(server, update)).toBeNull();
  Y.applyUpdate(server, update);
  expect(server.store.pendingStructs).toBeNull();
}

describe("proposal documents accept only a proposal's shape", () => {
  it("P13-P14: accepts what the typed writers write, and a contributor retracting a change", () => {
    const server = new Y.Doc();
    accept(
      server,
      updateOf(server, (doc) => {
        proposeCells(doc, [{ rowId: row, columnId: column as ColumnId, value: "01 23 45", base: "01 00 00" }], "me");
        proposeRows(doc, [{ cells: { [column]: "New help point" } }], "me");
        proposeDeletions(doc, [{ rowId: newRowId(), base: { [column]: "Closed" } }], "me");
      }),
    );
    const content = readProposal(server);
    expect(content.cells).toEqual([{ rowId: row, columnId: column, value: "01 23 45", base: "01 00 00" }]);
    expect(content.newRows[0]?.cells).toEqual({ [column]: "New help point" });
    expect(content.deletions).toHaveLength(1);
    accept(
      server,
      updateOf(server, (doc) =>
        removeChanges(doc, [cellChangeId(row, column), newRowChangeId(content.newRows[0]?.rowId as RowId)], "me"),
      ),
    );
    expect(entryCount(server)).toBe(1);
  });

  it.each([
    ["an unknown root", (doc: Y.Doc) => doc.getMap("meta").set("title", "x"), "P13"],
    ["a list", (doc: Y.Doc) => doc.getArray("cells").insert(0, [1]), "R3"],
    [
      "a cell key that is not rowId:columnId",
      (doc: Y.Doc) => doc.getMap("cells").set("x:y", { value: 1, base: 1 }),
      "P13",
    ],
    ["a reserved column", (doc: Y.Doc) => doc.getMap("cells").set(`${row}:_del`, { value: true, base: null }), "P13"],
    ["a bare value", (doc: Y.Doc) => doc.getMap("cells").set(`${row}:${column}`, "x"), "P14"],
    ["an extra field", (doc: Y.Doc) => doc.getMap("cells").set(`${row}:${column}`, { value: 1, base: 1, x: 1 }), "P14"],
    ["a nested map", (doc: Y.Doc) => doc.getMap("cells").set(`${row}:${column}`, new Y.Map()), "P14"],
    [
      "a value in a nested map",
      (doc: Y.Doc) => {
        const nested = new Y.Map();
        doc.getMap("newRows").set(row, nested);
        nested.set("position", "a");
      },
      "P14",
    ],
    [
      "a new row with values in it",
      (doc: Y.Doc) => doc.getMap("newRows").set(row, { position: null, cells: {} }),
      "P14",
    ],
    [
      "a new row placed after something that is not a row id (P25)",
      (doc: Y.Doc) => doc.getMap("newRows").set(row, { position: "a0", after: "not a row!" }),
      "P14",
    ],
    [
      "a new row placed after a number (P25)",
      (doc: Y.Doc) => doc.getMap("newRows").set(row, { position: "a0", after: 7 }),
      "P14",
    ],
    [
      "a new row placed after a nested object (P25)",
      (doc: Y.Doc) => doc.getMap("newRows").set(row, { position: "a0", after: { id: row } }),
      "P14",
    ],
    [
      "a new row with an after but no position (P25)",
      (doc: Y.Doc) => doc.getMap("newRows").set(row, { after: row }),
      "P14",
    ],
    [
      "a deleted row keyed badly",
      (doc: Y.Doc) => doc.getMap("deletedRows").set(row, { base: { "not a column": 1 } }),
      "P14",
    ],
    [
      "a number that is not finite",
      (doc: Y.Doc) => doc.getMap("cells").set(`${row}:${column}`, { value: null, base: Number.POSITIVE_INFINITY }),
      "P14",
    ],
  ])("P13-P14: refuses %s", (_, write, rule) => {
    const server = new Y.Doc();
    expect(refusal(server, updateOf(server, write))).toMatchObject({ rule });
  });

  it("P25: accepts a new row's place (the row it follows, or null for the top) and an older entry without it", () => {
    const server = new Y.Doc();
    const [anchor, top, old] = [newRowId(), newRowId(), newRowId()];
    accept(
      server,
      updateOf(server, (doc) => {
        proposeRows(doc, [{ id: row, position: "a1", after: anchor, cells: { [column]: "After" } }], "me");
        proposeRows(doc, [{ id: top, position: "Zz", after: null, cells: {} }], "me");
        doc.getMap("newRows").set(old, { position: null });
      }),
    );
    const after = Object.fromEntries(readProposal(server).newRows.map((r) => [r.rowId, r.after]));
    expect(after).toEqual({ [row]: anchor, [top]: null, [old]: undefined });
    expect(() => proposeRows(new Y.Doc(), [{ after: "nope" as RowId, cells: {} }], "me")).toThrow(RangeError);
  });

  // Issue 12, found by the proposal soak (server/test/flapSoak.test.ts): the contributor's undo
  // manager keeps the values a change was overwritten with, Yjs merges those items into one holding
  // several values, and the SyncStep2 after a reconnect sends it so. Refused, the contributor's
  // session resent it on every reconnect and never got its changes to the server.
  it("P14: accepts several values of one change packed into one item, each checked and counted", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    proposalUndoManager(client, "me");
    for (const value of ["a", "b", "c"])
      proposeCells(client, [{ rowId: row, columnId: column, value, base: "x" }], "me");
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const packed = Y.decodeUpdate(update).structs.filter(
      (s) => s instanceof Y.Item && s.content instanceof Y.ContentAny,
    );
    expect(packed.some((s) => (s as Y.Item).content.getContent().length > 1)).toBe(true);
    expect(checkProposalUpdate(server, update).items).toBe(3);
    accept(server, update);
    expect(readProposal(server).cells).toMatchObject([{ rowId: row, columnId: column, value: "c", base: "x" }]);

    // Each packed value is checked: one too large among them is refused.
    const crafted = new Y.Doc();
    proposalUndoManager(crafted, "me");
    for (const value of ["ok", "y".repeat(limits.maxCellChars + 1), "ok again"])
      crafted.transact(() => crafted.getMap("cells").set(`${row}:${column}`, { value, base: "x" }), "me");
    expect(refusal(new Y.Doc(), Y.encodeStateAsUpdate(crafted))).toEqual({ rule: "P14", kind: "too-large" });
  });

  it("P14: refuses a value over the cell limit as too large", () => {
    const server = new Y.Doc();
    const update = updateOf(server, (doc) =>
      doc.getMap("cells").set(`${row}:${column}`, { value: "x".repeat(limits.maxCellChars + 1), base: null }),
    );
    expect(refusal(server, update)).toEqual({ rule: "P14", kind: "too-large" });
  });

  it("P15: refuses the change that would take a proposal past its entries, counting what it already holds", () => {
    const server = new Y.Doc();
    const cells = (n: number) =>
      Array.from({ length: n }, () => ({ rowId: newRowId(), columnId: column as ColumnId, value: 1, base: 0 }));
    accept(
      server,
      updateOf(server, (doc) => proposeCells(doc, cells(proposalLimits.maxEntries - 1), "me")),
    );
    // Overwriting an entry it holds is no new entry.
    const [first] = readProposal(server).cells;
    accept(
      server,
      updateOf(server, (doc) => proposeCells(doc, [{ ...(first as CellChange), value: 2 }], "me")),
    );
    accept(
      server,
      updateOf(server, (doc) => proposeCells(doc, cells(1), "me")),
    );
    expect(
      refusal(
        server,
        updateOf(server, (doc) => proposeCells(doc, cells(1), "me")),
      ),
    ).toEqual({
      rule: "P15",
      kind: "too-large",
    });
  });

  it("R2: refuses an update that depends on changes the server never received (it would stay pending)", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    proposeCells(client, [{ rowId: row, columnId: column as ColumnId, value: 1, base: 0 }], "me");
    const before = Y.encodeStateVector(client);
    proposeCells(client, [{ rowId: row, columnId: column as ColumnId, value: 2, base: 0 }], "me");
    expect(refusal(server, Y.encodeStateAsUpdate(client, before))).toMatchObject({ rule: "R2" });
  });

  it("R8/R2: refuses a chained overwrite that reaches into a root it may not (a buried origin chain)", () => {
    const server = new Y.Doc();
    const update = updateOf(server, (doc) => {
      doc.transact(() => {
        const cells = doc.getMap("cells");
        for (let i = 0; i < 500; i++) cells.set(`${row}:${column}`, { value: i, base: 0 });
        doc.getMap("evil").set("x", 1);
      });
    });
    expect(refusal(server, update)).toMatchObject({ rule: "P13" });
  });

  // yjs issue #687 ("run-length encoding can be exploited to lock JS threads") and the test
  // inputs of its PR #688 (tests/limits.tests.js). The server speaks V1 updates; each must be
  // refused at once, whether meant for the V1 or the V2 decoder, and leave the document readable.
  const yjs687: [string, number[]][] = [
    [
      "#688 too many structs (4398046511101, V2)",
      [0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 2, 0, 0, 22, 2, 0, 0, 1, 253, 255, 255, 255, 255, 127, 0, 0],
    ],
    [
      "#688 too many updates (265828, V1)",
      [
        228, 156, 16, 0, 5, 255, 255, 5, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 237, 0, 0, 0, 1, 1, 0, 254, 184, 194, 233, 173,
        135, 217, 18, 0, 0, 1, 1, 255, 237, 246,
      ],
    ],
    [
      "#688 too many updates (7658324286, V2)",
      [
        228, 149, 0, 0, 1, 24, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 237, 1, 190, 130, 227, 195, 28, 1, 2, 228, 149, 0, 0, 1,
        24, 0, 0, 1, 24, 0, 0, 1, 0, 1, 237, 0,
      ],
    ],
    [
      "#688 a GC item of length 553253 (V2)",
      [
        143, 1, 128, 0, 0, 0, 1, 170, 1, 0, 1, 2, 0, 0, 22, 2, 0, 229, 196, 67, 20, 231, 166, 139, 147, 174, 181, 253,
        93, 232, 38, 154, 138, 89, 0, 49, 213, 15, 18, 1, 48, 0, 0, 0,
      ],
    ],
    [
      "#688 267854847 structs in one update (V2)",
      [
        0, 1, 35, 0, 0, 0, 1, 2, 129, 0, 0, 16, 0, 199, 220, 0, 196, 122, 128, 0, 65, 171, 234, 214, 0, 1, 0, 0, 1, 0,
        0, 132, 0, 0, 16, 255, 199, 220, 255, 0, 0, 0,
      ],
    ],
  ];
  it.each(yjs687)("R1/R2: %s is refused, or read by the V1 decoder as nothing at all, at once", (_, bytes) => {
    const server = new Y.Doc();
    proposeCells(server, [{ rowId: row, columnId: column as ColumnId, value: 1, base: 0 }], "server");
    const update = new Uint8Array(bytes);
    const verdict = refusal(server, update);
    if (verdict) expect(verdict.kind).toBe("invalid");
    else {
      // Two of them begin with a zero client count in V1: an empty update, applied as nothing.
      expect(checkProposalUpdate(server, update).items).toBe(0);
      Y.applyUpdate(server, update);
    }
    expect(server.store.pendingStructs).toBeNull();
    expect(readProposal(server).cells).toHaveLength(1);
  });
});
