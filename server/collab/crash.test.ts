import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DatasetView, insertRows, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import {
  connectClient,
  createDatasetViaApi,
  startServerProcess,
  tempDataDir,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("crash safety", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it("keeps every acknowledged edit when the server is killed with SIGKILL", async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    // A long store debounce: nothing is compacted before the kill, only the update log can save the edits.
    const env = { STORE_DEBOUNCE_MS: "60000", STORE_MAX_DEBOUNCE_MS: "120000" };
    const first = await startServerProcess(data.dir, env);
    cleanups.push(() => first.child.kill("SIGKILL"));
    const dataset = await createDatasetViaApi(first, { title: "Crash", columns: [{ name: "n" }] });
    const client = await connectClient(first.wsUrl, dataset.documentName);
    const view = new DatasetView(client.doc);
    const [column] = view.columns().map((c) => c.id) as [ColumnId];

    const [row] = insertRows(client.doc, [{ cells: { [column]: 0 } }], view.gapAtEnd(), "edit") as [RowId];
    for (let i = 1; i <= 50; i++) {
      insertRows(client.doc, [{ cells: { [column]: i } }], view.gapAtEnd(), "edit");
      setCells(client.doc, [{ rowId: row, columnId: column, value: i }], "edit");
    }
    await whenAcknowledged(client);
    first.child.kill("SIGKILL");
    await first.exited;
    // The client that holds the edits goes away too: only the server's disk can bring them back.
    client.provider.destroy();

    const second = await startServerProcess(data.dir, env);
    cleanups.push(() => second.child.kill("SIGKILL"));
    const fresh = await connectClient(second.wsUrl, dataset.documentName);
    const freshView = new DatasetView(fresh.doc);
    const values = freshView.rowsInOrder().map((r) => r.cells[column]);
    expect(values).toEqual([50, ...Array.from({ length: 50 }, (_, i) => i + 1)]);
    fresh.provider.destroy();
  });

  it("on SIGTERM, compacts every open document into a snapshot and exits cleanly", async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const server = await startServerProcess(data.dir, { STORE_DEBOUNCE_MS: "60000", STORE_MAX_DEBOUNCE_MS: "120000" });
    cleanups.push(() => server.child.kill("SIGKILL"));
    const dataset = await createDatasetViaApi(server, { title: "Shutdown", columns: [{ name: "n" }] });
    const client = await connectClient(server.wsUrl, dataset.documentName);
    const view = new DatasetView(client.doc);
    const [column] = view.columns().map((c) => c.id) as [ColumnId];
    insertRows(client.doc, [{ cells: { [column]: "kept" } }], view.gapAtEnd(), "edit");
    await whenAcknowledged(client);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    client.provider.destroy();

    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    const stored = await storage.documents.load(dataset.documentName);
    storage.close();
    expect(stored.updates).toEqual([]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.snapshot as Uint8Array);
    expect(new DatasetView(doc).rowsInOrder().map((r) => r.cells[column])).toEqual(["kept"]);
  });
});
