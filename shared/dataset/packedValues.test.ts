/**
 * Issue 12: an undo manager keeps the values a cell was overwritten with, Yjs merges those kept
 * items into one item holding several values, and a full-state encoding (the client's SyncStep2
 * after a reconnect) sends it so. The update rules accept it (R4, each value checked and counted)
 * instead of refusing the reconnecting client for good.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { newRowId } from "../ids.ts";
import { initializeDataset } from "./index.ts";
import { cellsMap } from "./maps.ts";
import { cellKey } from "./schema.ts";
import { datasetUndoManager } from "./undo.ts";
import { checkUpdate } from "./updateRules.ts";

const ORIGIN = { source: "local-user" };

function serverAndClient() {
  const server = new Y.Doc();
  const [column] = initializeDataset(server, { meta: { title: "T" }, columns: [{ name: "Name" }] }, null);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, key: cellKey(newRowId(), column as never) };
}

describe("values packed into one item", () => {
  it("are accepted from a full-state encoding of a cell overwritten under an undo manager", () => {
    const { server, client, key } = serverAndClient();
    datasetUndoManager(client, ORIGIN);
    for (const value of ["a", "b", "c", "d"]) client.transact(() => cellsMap(client).set(key, value), ORIGIN);
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const packed = Y.decodeUpdate(update).structs.filter(
      (s) => s instanceof Y.Item && s.content instanceof Y.ContentAny,
    );
    expect(packed.some((s) => (s as Y.Item).content.getContent().length > 1)).toBe(true);

    expect(checkUpdate(server, update).items).toBe(4);
    Y.applyUpdate(server, update);
    expect(cellsMap(server).get(key)).toBe("d");
  });

  it("are each checked", () => {
    const { server, client, key } = serverAndClient();
    datasetUndoManager(client, ORIGIN);
    client.transact(() => cellsMap(client).set(key, { not: "a cell value" }), ORIGIN);
    client.transact(() => cellsMap(client).set(key, "overwritten"), ORIGIN);
    client.transact(() => cellsMap(client).set(key, "fine"), ORIGIN);
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const first = Y.decodeUpdate(update).structs.find((s) => s instanceof Y.Item && s.content instanceof Y.ContentAny);
    expect((first as Y.Item).content.getContent()).toHaveLength(2); // the bad value and the next, in one item
    expect(() => checkUpdate(server, update)).toThrow(/R4/);
  });
});
