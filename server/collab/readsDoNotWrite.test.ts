import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { DatasetView, insertRows } from "../../shared/dataset/index.ts";
import type { ColumnId, DatasetId } from "../../shared/ids.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

/** Reading a dataset, over HTTP or a socket, stores nothing; a real edit is stored as before. */
describe("a read never writes", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let dataset: DatasetSummary;
  let cookie: string;
  let column: ColumnId;

  /** What the server's SQLite file holds for the dataset, read through a second connection. */
  async function stored() {
    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    try {
      const document = await storage.documents.load(dataset.documentName);
      const record = await storage.datasets.get(dataset.id as DatasetId);
      return { ...document, registryUpdatedAt: record?.updatedAt };
    } finally {
      storage.close();
    }
  }

  const get = async (route: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/api/datasets/${dataset.id}${route}`, { headers });
    expect(response.status).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { STORE_DEBOUNCE_MS: "20", STORE_MAX_DEBOUNCE_MS: "100" });
    ({ cookie } = await createUserSession(data.dir));
    dataset = await createDatasetViaApi(server, { title: "Reads", columns: [{ name: "Name" }] }, { cookie });
    // Rows, then everyone leaves: the document is compacted and unloaded.
    const client = await connectClient(server.wsUrl, dataset.documentName);
    const view = new DatasetView(client.doc);
    [column] = view.columns().map((c) => c.id) as [ColumnId];
    insertRows(client.doc, [{ cells: { [column]: "a" } }, { cells: { [column]: "b" } }], view.gapAtEnd(), "edit");
    await whenAcknowledged(client);
    client.provider.destroy();
    await waitFor(async () => expect((await stored()).updates).toEqual([]));
    await settings("public-read");
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  async function settings(openness: string) {
    const response = await fetch(`${server.url}/api/datasets/${dataset.id}/settings`, {
      method: "PATCH",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: JSON.stringify({ openness }),
    });
    expect(response.status).toBe(200);
  }

  it("anonymous GETs of the dataset and its rows leave the snapshot, the log and the registry as they were", async () => {
    const before = await stored();
    expect(before.snapshot).not.toBeNull();
    for (let i = 0; i < 2; i++) {
      expect(await get("")).toMatchObject({ title: "Reads" });
      expect(((await get("/rows")) as { rows: unknown[] }).rows).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 5)); // a rewrite would carry a later timestamp
    }
    expect(await stored()).toEqual(before);
  });

  it("a person who may edit opens the dataset and leaves without editing: nothing is stored", async () => {
    await settings("public-edit");
    const before = await stored();
    const visitor = await connectClient(server.wsUrl, dataset.documentName);
    visitor.provider.destroy();
    // A GET after the socket left runs any pending store at once (its direct connection unloads the document).
    await get("/rows");
    expect(await stored()).toEqual(before);
  });

  it("an edit is stored, and folded into the snapshot when the document unloads", async () => {
    const before = await stored();
    const { rows } = (await get("/rows")) as { rows: { id: string }[] };
    const edit = await fetch(`${server.url}/api/datasets/${dataset.id}/cells`, {
      method: "PATCH",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: JSON.stringify({ edits: [{ rowId: rows[0]?.id, columnId: column, value: "edited" }] }),
    });
    expect(edit.status).toBe(200);
    const after = await stored();
    expect(after.updates).toEqual([]);
    expect(after.snapshotAt).not.toBe(before.snapshotAt);
    expect(Buffer.from(after.snapshot as Uint8Array).includes("edited")).toBe(true);

    // And over a socket: the edit's log entry is folded in once the editor leaves.
    const client = await connectClient(server.wsUrl, dataset.documentName);
    const view = new DatasetView(client.doc);
    insertRows(client.doc, [{ cells: { [column]: "from a socket" } }], view.gapAtEnd(), "edit");
    await whenAcknowledged(client);
    expect((await stored()).updates).toHaveLength(1);
    client.provider.destroy();
    await waitFor(async () => {
      const now = await stored();
      expect(now.updates).toEqual([]);
      expect(Buffer.from(now.snapshot as Uint8Array).includes("from a socket")).toBe(true);
    });
  });
});
