/**
 * DatasetSession against a real server in Node, with fake-indexeddb standing in for the browser's
 * IndexedDB: local copy first, edits kept while the server is away, undo of one's own edits only,
 * a dataset reset reported (never merged into), and a reader's copy that only mirrors the server.
 */
import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  connectClient,
  createDatasetViaApi,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../../server/test/testServer.ts";
import { addRows, DatasetView, insertRows, readColumns, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { DatasetSession, LOCAL_ORIGIN } from "./datasetSession.ts";
import { deleteLocalCopies } from "./localCopies.ts";

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
const sessions: DatasetSession[] = [];

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
});

afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  await server.close();
  data.remove();
});

async function open(documentName: string, readOnly = false) {
  const session = await DatasetSession.open({ documentName, url: server.wsUrl, readOnly });
  sessions.push(session);
  await waitFor(() => expect(session.getState()).toMatchObject({ status: "connected", synced: true }));
  return session;
}

describe("DatasetSession", () => {
  it("syncs, keeps a local copy, and reopens from it before the server answers", async () => {
    const { documentName } = await createDatasetViaApi(server, { title: "T", columns: [{ name: "Name" }] });
    const first = await open(documentName);
    const [name] = readColumns(first.doc).map((c) => c.id) as [ColumnId];
    insertRows(first.doc, [{ cells: { [name]: "kept" } }], first.view.gapAtEnd(), LOCAL_ORIGIN);
    await waitFor(() => expect(first.getState().unsynced).toBe(0));
    first.destroy();

    await server.close();
    const offline = await DatasetSession.open({ documentName, url: server.wsUrl });
    sessions.push(offline);
    // Straight from IndexedDB, with no server at all.
    expect(offline.view.rowsInOrder().map((r) => r.cells[name])).toEqual(["kept"]);
    expect(offline.getState().persisted).toBe(true);
  });

  it("undoes only its own edits", async () => {
    const { documentName } = await createDatasetViaApi(server, {
      title: "T",
      columns: [{ name: "Name" }, { name: "City" }],
    });
    const mine = await open(documentName);
    const [name, city] = readColumns(mine.doc).map((c) => c.id) as [ColumnId, ColumnId];
    const [row] = addRows(mine.doc, [{ cells: {} }], mine.view.gapAtEnd(), LOCAL_ORIGIN) as [RowId];
    const other = await connectClient(server.wsUrl, documentName);
    const otherView = new DatasetView(other.doc);
    await waitFor(() => expect(otherView.rowCount).toBe(1));
    setCells(mine.doc, [{ rowId: row, columnId: name, value: "mine" }], LOCAL_ORIGIN);
    setCells(other.doc, [{ rowId: row, columnId: city, value: "theirs" }], "someone-else");
    await waitFor(() => expect(mine.view.row(row)?.cells[city]).toBe("theirs"));

    mine.undo.undo();
    expect(mine.view.row(row)?.cells[name] ?? null).toBeNull();
    expect(mine.view.row(row)?.cells[city]).toBe("theirs");
    // Undoing the added row deletes its cells (never a block, see undo.test.ts): the others see it
    // go, and come back on redo.
    mine.undo.undo();
    expect(mine.view.rowCount).toBe(0);
    await waitFor(() => expect(otherView.rowCount).toBe(0));
    mine.undo.redo();
    await waitFor(() => expect(otherView.row(row)?.cells[city]).toBe("theirs"));
    otherView.destroy();
    other.provider.destroy();
  });

  it("reports a reset when its epoch is no longer the dataset's", async () => {
    const { documentName } = await createDatasetViaApi(server, { title: "T", columns: [{ name: "Name" }] });
    const stale = documentName.replace(/\.0$/, ".1");
    const session = await DatasetSession.open({ documentName: stale, url: server.wsUrl });
    sessions.push(session);
    await waitFor(() => expect(session.getState().reset).toBe(true));
  });

  it("keeps a reader's copy of what the server sent, opens from it offline, and drops it with the dataset", async () => {
    const { documentName } = await createDatasetViaApi(server, { title: "T", columns: [{ name: "Name" }] });
    const editor = await open(documentName);
    const [name] = readColumns(editor.doc).map((c) => c.id) as [ColumnId];
    insertRows(editor.doc, [{ cells: { [name]: "public value" } }], editor.view.gapAtEnd(), LOCAL_ORIGIN);
    await waitFor(() => expect(editor.getState().unsynced).toBe(0));

    const reader = await open(documentName, true);
    expect(reader.getState()).toMatchObject({ persisted: true, readOnly: true });
    await waitFor(() => expect(reader.view.rowsInOrder().map((r) => r.cells[name])).toEqual(["public value"]));
    reader.destroy();
    const names = (await indexedDB.databases()).map((d) => d.name);
    // Apart from the editor's own copy, which may hold edits the server has not had.
    expect(names).toContain(`data-patch:read:${documentName}`);
    expect(names).toContain(`data-patch:${documentName}`);

    await server.close();
    const offline = await DatasetSession.open({ documentName, url: server.wsUrl, readOnly: true });
    sessions.push(offline);
    expect(offline.view.rowsInOrder().map((r) => r.cells[name])).toEqual(["public value"]);
    offline.destroy();

    // Access lost (or the dataset deleted): no copy of it stays, the reader's included.
    editor.destroy();
    const datasetId = documentName.split(".")[1] as string;
    await deleteLocalCopies(datasetId);
    await waitFor(async () => {
      const left = (await indexedDB.databases()).map((d) => d.name);
      expect(left.filter((n) => n?.includes(datasetId))).toEqual([]);
    });
  });

  it("drops a reader's copy once the person may edit: their own copy takes over", async () => {
    const { documentName } = await createDatasetViaApi(server, { title: "T", columns: [{ name: "Name" }] });
    (await open(documentName, true)).destroy();
    await open(documentName);
    await waitFor(async () =>
      expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(`data-patch:read:${documentName}`),
    );
  });
});
