/**
 * The hostile-update suite: each attack found against the server (issue 7) as a named regression
 * citing its rule, then seeded fuzzing that mutates updates and checks, after every accepted one,
 * that the document still reads, still follows the schema and that the sender's rights held.
 */
import * as prng from "lib0/prng";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { type ColumnId, newRowId } from "../ids.ts";
import { limits } from "../limits.ts";
import {
  addColumns,
  cellKey,
  columnTypes,
  DatasetView,
  DELETED,
  deleteColumn,
  deleteRows,
  initializeDataset,
  insertRows,
  metaFields,
  moveRows,
  POSITION,
  restoreRows,
  roots,
  setCells,
  splitCellKey,
  updateColumn,
  updateMeta,
} from "./index.ts";
import { checkUpdate, type RuleId, type UpdateEffect, UpdateRefused } from "./updateRules.ts";

const SERVER = { source: "server" };

function serverDocument(clientID?: number): { server: Y.Doc; columns: ColumnId[] } {
  const server = new Y.Doc();
  if (clientID !== undefined) server.clientID = clientID;
  const columns = initializeDataset(server, { meta: { title: "Help points" }, columns: [{ name: "Name" }] }, SERVER);
  insertRows(
    server,
    [{ cells: { [columns[0] as ColumnId]: "Library" } }, { cells: {} }],
    { before: null, after: null },
    SERVER,
  );
  return { server, columns };
}

/** A client that has received everything the server has. */
function clientOf(server: Y.Doc): Y.Doc {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return client;
}

/** The update a hostile client sends after writing straight into its copy of the document. */
function sent(client: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array) => updates.push(update);
  client.on("update", collect);
  write(client);
  client.off("update", collect);
  return Y.mergeUpdates(updates);
}

function refusal(server: Y.Doc, update: Uint8Array): { rule: RuleId; kind: string } | null {
  try {
    checkUpdate(server, update);
    return null;
  } catch (error) {
    if (!(error instanceof UpdateRefused)) throw error;
    return { rule: error.rule as RuleId, kind: error.kind };
  }
}

/**
 * Sets one key many times in one transaction, in turn with a sibling key so that the overwritten
 * items do not merge: the last value sits behind a chain of `depth` overwritten items.
 */
const buried = (map: Y.Map<unknown>, key: string, value: unknown, depth = 70) => {
  const sibling = siblingOf(key);
  for (let i = 0; i < depth; i++) map.set(i % 2 === 0 ? key : sibling, `step ${i}`);
  map.set(key, value);
};
const siblingOf = (key: string) => {
  const cell = splitCellKey(key);
  if (cell) return cellKey(newRowId(), cell[1] as ColumnId);
  return key === "title" ? "description" : `${key}2`;
};

describe("update rules: the attacks of issue 7", () => {
  it("R5: a row block whose text is JSON null, buried behind 70 overwritten items (critical 1)", () => {
    const { server } = serverDocument();
    const client = clientOf(server);
    const update = sent(client, (doc) => doc.transact(() => buried(doc.getMap(roots.blocks), "evilBlock", "null")));
    expect(refusal(server, update)).toMatchObject({ rule: "R5" });
    const plain = sent(clientOf(server), (doc) => doc.getMap(roots.blocks).set("fresh", "null"));
    expect(refusal(server, plain)).toMatchObject({ rule: "R5", kind: "invalid" });
  });

  it("R3/R4: an unknown root, a Y.Text cell and a 1,000,000-character cell, each buried (major 2)", () => {
    const { server, columns } = serverDocument();
    const key = cellKey(newRowId(), columns[0] as ColumnId);
    const cases: [(doc: Y.Doc) => void, RuleId, string][] = [
      [(doc) => buried(doc.getMap("junk"), "k", 1), "R3", "invalid"],
      [(doc) => buried(doc.getMap(roots.cells), key, new Y.Text("x")), "R4", "invalid"],
      [(doc) => buried(doc.getMap(roots.cells), key, "x".repeat(1_000_000)), "R4", "too-large"],
      [(doc) => buried(doc.getMap(roots.cells), key, "x".repeat(limits.maxCellChars + 1), 16_000), "R4", "too-large"],
    ];
    for (const [write, rule, kind] of cases) {
      const update = sent(clientOf(server), (doc) => doc.transact(() => write(doc)));
      expect(refusal(server, update)).toEqual({ rule, kind });
    }
  });

  it("R6/R5: updates that only delete: a column, the title, a row block (major 3)", () => {
    const { server, columns } = serverDocument();
    const column = sent(clientOf(server), (doc) => deleteColumn(doc, columns[0] as ColumnId, null));
    expect(checkUpdate(server, column).structure).toBe(true);
    const title = sent(clientOf(server), (doc) => doc.getMap(roots.meta).delete("title"));
    expect(checkUpdate(server, title).structure).toBe(true);
    const [blockKey] = [...server.getMap(roots.blocks).keys()];
    const block = sent(clientOf(server), (doc) => doc.getMap(roots.blocks).delete(blockKey as string));
    expect(refusal(server, block)).toEqual({ rule: "R5", kind: "forbidden" });
    const overwrite = sent(clientOf(server), (doc) =>
      doc.getMap(roots.blocks).set(blockKey as string, '{"columns":[],"rows":[]}'),
    );
    expect(refusal(server, overwrite)).toEqual({ rule: "R5", kind: "forbidden" });
  });

  it("R6: a hidden title change and a hidden column addition are structure", () => {
    const { server } = serverDocument();
    const title = sent(clientOf(server), (doc) => doc.transact(() => buried(doc.getMap(roots.meta), "title", "Pwned")));
    expect(checkUpdate(server, title).structure).toBe(true);
    const column = sent(clientOf(server), (doc) =>
      doc.transact(() => {
        buried(doc.getMap(roots.cells), cellKey(newRowId(), POSITION), "a0");
        addColumns(doc, [{ name: "Hidden" }], null);
      }),
    );
    expect(checkUpdate(server, column)).toMatchObject({ structure: true, cells: true });
    const version = sent(clientOf(server), (doc) => doc.getMap(roots.meta).set("schemaVersion", 99));
    expect(refusal(server, version)).toEqual({ rule: "R6", kind: "forbidden" });
    const unversioned = sent(clientOf(server), (doc) => doc.getMap(roots.meta).delete("schemaVersion"));
    expect(refusal(server, unversioned)).toEqual({ rule: "R6", kind: "forbidden" });
  });

  it("R2: updates that would stay pending: a clock gap, a missing dependency, a deletion of the unknown (major 6)", () => {
    const { server, columns } = serverDocument();
    const client = clientOf(server);
    const key = (i: number) => cellKey(newRowId(), columns[0] as ColumnId) + String(i).slice(0, 0);
    sent(client, (doc) => doc.getMap(roots.cells).set(key(1), "never sent"));
    const gap = sent(client, (doc) => doc.getMap(roots.cells).set(key(2), "after a gap"));
    expect(refusal(server, gap)).toMatchObject({ rule: "R2" });

    const other = clientOf(server);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(client)); // has what the server never got
    const [k] = [...client.getMap(roots.cells).keys()];
    const dependent = sent(other, (doc) => doc.getMap(roots.cells).set(k as string, "overwrites the unknown"));
    expect(refusal(server, dependent)).toMatchObject({ rule: "R2" });

    const deletion = sent(other, (doc) => doc.getMap(roots.cells).delete(k as string));
    expect(refusal(server, deletion)).toMatchObject({ rule: "R2" });
  });

  it("R1: undecodable bytes and a client listed twice", () => {
    const { server } = serverDocument();
    expect(refusal(server, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toMatchObject({ rule: "R1" });
    const client = clientOf(server);
    const first = sent(client, (doc) => doc.getMap(roots.cells).set(cellKey(newRowId(), POSITION), "a0"));
    // Two runs for one client: [1 client-run] twice, as an encoder never writes it.
    const decoded = Y.decodeUpdate(first);
    expect(decoded.structs.length).toBe(1);
    const body = first.subarray(1, first.length - 1); // numOfStateUpdates … structs; the trailing 0 is the empty delete set
    const twice = new Uint8Array([2, ...body, ...body, 0]);
    expect(refusal(server, twice)).toMatchObject({ rule: "R1" });
  });

  it("accepts what the typed accessors write, and says what it touches", () => {
    const { server, columns } = serverDocument();
    const column = columns[0] as ColumnId;
    const row = new DatasetView(server).rowsInOrder()[0]?.id;
    if (!row) throw new Error("fixture has rows");
    const expectEffect = (write: (doc: Y.Doc) => void, effect: Partial<UpdateEffect>) => {
      const update = sent(clientOf(server), write);
      expect(checkUpdate(server, update)).toMatchObject(effect);
      Y.applyUpdate(server, update);
    };
    expectEffect((doc) => setCells(doc, [{ rowId: row, columnId: column, value: "Town hall" }], null), {
      cells: true,
      structure: false,
    });
    expectEffect((doc) => insertRows(doc, [{ cells: { [column]: 3 } }], { before: null, after: null }, null), {
      rows: true,
      structure: false,
    });
    expectEffect((doc) => deleteRows(doc, [row], null), { cells: true, structure: false });
    expectEffect((doc) => restoreRows(doc, [row], null), { cells: true, structure: false });
    expectEffect((doc) => moveRows(doc, [row], { before: "Zz", after: null }, null), { cells: true });
    expectEffect((doc) => updateMeta(doc, { title: "Repair cafés" }, null), { structure: true });
    expectEffect((doc) => updateColumn(doc, column, { type: "choice", choices: ["a", "b"] }, null), {
      structure: true,
    });
    expectEffect((doc) => addColumns(doc, [{ name: "Phone" }], null), { structure: true });
    expectEffect((doc) => deleteColumn(doc, column, null), { structure: true });
  });

  it("accepts a client's whole offline state on reconnect, and again when it was already received", () => {
    const { server, columns } = serverDocument();
    const client = clientOf(server);
    for (let i = 0; i < 50; i++) {
      insertRows(
        client,
        [{ cells: { [columns[0] as ColumnId]: `offline ${i}` } }],
        { before: null, after: null },
        null,
      );
      setCells(
        client,
        [
          {
            rowId: new DatasetView(client).rowsInOrder()[0]?.id ?? newRowId(),
            columnId: columns[0] as ColumnId,
            value: i,
          },
        ],
        null,
      );
    }
    const syncStep2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    checkUpdate(server, syncStep2);
    Y.applyUpdate(server, syncStep2);
    expect(checkUpdate(server, Y.encodeStateAsUpdate(client))).toBeDefined(); // everything known: a no-op
    expect(new DatasetView(server).rowCount).toBe(52);
  });
});

/** Everything a valid dataset document holds, checked from the outside (not with the rules' code). */
function schemaHolds(doc: Y.Doc): void {
  for (const name of doc.share.keys()) expect(Object.values(roots)).toContain(name);
  for (const [key, value] of doc.getMap(roots.meta)) {
    if (key === "schemaVersion") expect(value).toBe(1);
    else {
      expect(metaFields).toContain(key);
      expect(typeof value).toBe("string");
    }
  }
  for (const [, column] of doc.getMap(roots.columns)) {
    expect(column).toBeInstanceOf(Y.Map);
    const type = (column as Y.Map<unknown>).get("type");
    if (type !== undefined) expect(columnTypes).toContain(type);
  }
  for (const [, text] of doc.getMap(roots.blocks)) {
    const block = JSON.parse(text as string);
    expect(Array.isArray(block.rows) && Array.isArray(block.columns)).toBe(true);
  }
  for (const [key, value] of doc.getMap(roots.cells)) {
    expect(splitCellKey(key)).not.toBeNull();
    expect(value === null || ["string", "number", "boolean"].includes(typeof value)).toBe(true);
    if (typeof value === "string") expect(value.length).toBeLessThanOrEqual(limits.maxCellChars);
  }
  expect(doc.store.pendingStructs).toBeNull();
  expect(doc.store.pendingDs).toBeNull();
}

type Hostile = (doc: Y.Doc, gen: prng.PRNG, columns: ColumnId[]) => void;

const someKey = (doc: Y.Doc, gen: prng.PRNG, root: string) => {
  const keys = [...doc.getMap(root).keys()];
  return keys.length > 0 ? prng.oneOf(gen, keys) : "none";
};

const hostile: Hostile[] = [
  (doc, gen, [c]) => setCells(doc, [{ rowId: newRowId(), columnId: c as ColumnId, value: prng.word(gen, 0, 5) }], null),
  (doc, gen, [c]) =>
    insertRows(doc, [{ cells: { [c as ColumnId]: prng.int32(gen, 0, 9) } }], { before: null, after: null }, null),
  (doc, gen) => doc.getMap(roots.cells).delete(someKey(doc, gen, roots.cells)),
  (doc, gen) => doc.getMap(roots.blocks).delete(someKey(doc, gen, roots.blocks)),
  (doc, gen) => doc.getMap(roots.blocks).set(someKey(doc, gen, roots.blocks), '{"columns":[],"rows":[]}'),
  (doc, gen) =>
    doc
      .getMap(roots.blocks)
      .set(prng.word(gen, 1, 8), prng.oneOf(gen, ["null", "[]", "{}", "1", '{"columns":[],"rows":[null]}'])),
  (doc, gen) => doc.getMap(roots.columns).delete(someKey(doc, gen, roots.columns)),
  (doc) => addColumns(doc, [{ name: "Extra" }], null),
  (doc, gen) => doc.getMap(roots.meta).set(prng.oneOf(gen, ["title", "schemaVersion", "other"]), prng.word(gen, 0, 4)),
  (doc) => doc.getMap(roots.meta).delete("title"),
  (doc, gen) => doc.getMap(prng.oneOf(gen, ["junk", roots.cells])).set(cellKey(newRowId(), POSITION), new Y.Text("t")),
  (doc, gen) =>
    doc.transact(() =>
      buried(
        doc.getMap(roots.cells),
        cellKey(newRowId(), DELETED),
        prng.oneOf(gen, [true, "x".repeat(40_000), new Y.Map()]),
        prng.uint32(gen, 1, 80),
      ),
    ),
  (doc, gen) =>
    doc.transact(() =>
      buried(
        doc.getMap(prng.oneOf(gen, [roots.meta, roots.blocks, roots.columns])),
        "title",
        "x",
        prng.uint32(gen, 1, 80),
      ),
    ),
  (doc, gen) => {
    const column = doc.getMap(roots.columns).get(someKey(doc, gen, roots.columns));
    if (column instanceof Y.Map)
      column.set(prng.oneOf(gen, ["name", "type", "evil"]), prng.oneOf(gen, ["", "date", "bogus", 3]));
  },
  (doc) => doc.getArray("list").insert(0, [1]),
  (doc, gen) =>
    doc
      .getMap(roots.cells)
      .set(prng.oneOf(gen, ["nokey", "a:b", `${newRowId()}:_pos`]), prng.oneOf(gen, [1, "a1", null])),
];

/** Mutations of a sent update, as a stranger crafting bytes would. */
function mutate(gen: prng.PRNG, update: Uint8Array, older: Uint8Array[]): Uint8Array {
  switch (prng.uint32(gen, 0, 5)) {
    case 0: {
      const bytes = update.slice();
      for (let i = prng.uint32(gen, 1, 3); i > 0; i--)
        bytes[prng.uint32(gen, 0, bytes.length - 1)] = prng.uint32(gen, 0, 255);
      return bytes;
    }
    case 1:
      return update.subarray(0, prng.uint32(gen, 1, update.length));
    case 2:
      return older.length > 0 ? Y.mergeUpdates([update, prng.oneOf(gen, older)]) : update;
    case 3:
      return older.length > 0 ? prng.oneOf(gen, older) : update; // replayed, or one whose predecessor was never sent
    default:
      return update;
  }
}

describe("update rules: seeded fuzzing", () => {
  afterEach(() => vi.restoreAllMocks());
  const run = (seed: number) => {
    const gen = prng.create(seed);
    // Ids and Yjs client ids come from crypto.getRandomValues: make them follow the seed, so a seed replays exactly.
    const ids = prng.create(seed + Number(process.env.FUZZ_IDS ?? 1_000_000));
    if (!process.env.FUZZ_RANDOM_IDS)
      vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation((array) => {
        const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        for (let i = 0; i < bytes.length; i++) bytes[i] = prng.uint32(ids, 0, 255);
        return array;
      });
    const { server, columns } = serverDocument(prng.uint32(gen, 1, 2 ** 32 - 1));
    const clients = [clientOf(server), clientOf(server)];
    // lib0 binds crypto.getRandomValues at import, so Yjs client ids ignore the mock: set them from the seed.
    for (const client of clients) client.clientID = prng.uint32(gen, 1, 2 ** 32 - 1);
    const history: Uint8Array[] = [];
    let accepted = 0;
    for (let step = 0; step < 40; step++) {
      const client = prng.oneOf(gen, clients);
      let update: Uint8Array;
      try {
        update = sent(client, (doc) => prng.oneOf(gen, hostile)(doc, gen, columns));
      } catch {
        continue; // the accessors refused to write it locally
      }
      history.push(update);
      const candidate = prng.bool(gen) ? mutate(gen, update, history) : update;
      const visitor = prng.bool(gen);
      const beforeColumns = JSON.stringify(server.getMap(roots.columns).toJSON());
      const beforeMeta = JSON.stringify(server.getMap(roots.meta).toJSON());
      const beforeBlocks = server.getMap(roots.blocks).toJSON();
      let effect: UpdateEffect;
      try {
        effect = checkUpdate(server, candidate);
      } catch (error) {
        if (error instanceof UpdateRefused) continue;
        throw error;
      }
      if (visitor && effect.structure) continue; // the extension refuses it: see updateRulesExtension
      Y.applyUpdate(server, candidate);
      accepted += 1;
      schemaHolds(server);
      expect(() => new DatasetView(server).rowsInOrder()).not.toThrow();
      for (const [key, text] of Object.entries(beforeBlocks)) expect(server.getMap(roots.blocks).get(key)).toBe(text);
      if (visitor) {
        expect(JSON.stringify(server.getMap(roots.columns).toJSON())).toBe(beforeColumns);
        expect(JSON.stringify(server.getMap(roots.meta).toJSON())).toBe(beforeMeta);
      }
      if (prng.bool(gen)) Y.applyUpdate(prng.oneOf(gen, clients), Y.encodeStateAsUpdate(server)); // a client catches up
    }
    return accepted;
  };

  it("300 seeds: every accepted update leaves a readable, valid document and the sender's rights intact", () => {
    let accepted = 0;
    for (let seed = Number(process.env.FUZZ_FROM ?? 1); seed <= Number(process.env.FUZZ_TO ?? 300); seed++) {
      try {
        accepted += run(seed);
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).stack}`);
      }
    }
    expect(accepted).toBeGreaterThan(1000); // the fuzzing does reach the document, not only the refusals
  });
});
