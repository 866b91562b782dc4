import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DatasetView, insertRows, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import {
  connectClient,
  createDatasetViaApi,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

const EDIT = "test-edit";

describe("live collaboration through the server", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.provider.destroy();
    await server.close();
    data.remove();
  });

  const connect = async (name: string) => {
    const client = await connectClient(server.wsUrl, name);
    clients.push(client);
    return { ...client, view: new DatasetView(client.doc) };
  };

  it("converges two clients' concurrent edits, gives a late joiner everything, and keeps it all across a restart", async () => {
    const dataset = await createDatasetViaApi(server, {
      title: "Repair cafés",
      columns: [{ name: "Name" }, { name: "City" }],
    });
    const alice = await connect(dataset.documentName);
    const bob = await connect(dataset.documentName);
    const [name, city] = alice.view.columns().map((c) => c.id) as [ColumnId, ColumnId];
    expect(bob.view.columns().map((c) => c.name)).toEqual(["Name", "City"]);

    const [row] = insertRows(alice.doc, [{ cells: { [name]: "Café A", [city]: "Lyon" } }], alice.view.gapAtEnd(), EDIT);
    await waitFor(() => expect(bob.view.row(row as never)).toBeDefined());

    // Same row, different cells, at the same time: both edits survive everywhere.
    setCells(alice.doc, [{ rowId: row as never, columnId: name, value: "Café A (Lyon 1er)" }], EDIT);
    setCells(bob.doc, [{ rowId: row as never, columnId: city, value: "Villeurbanne" }], EDIT);
    insertRows(bob.doc, [{ cells: { [name]: "Café B" } }], bob.view.gapAtEnd(), EDIT);
    await Promise.all([whenAcknowledged(alice), whenAcknowledged(bob)]);
    const expected = [
      ["Café A (Lyon 1er)", "Villeurbanne"],
      ["Café B", null],
    ];
    const table = (view: DatasetView) => view.rowsInOrder().map((r) => [r.cells[name] ?? null, r.cells[city] ?? null]);
    await waitFor(() => {
      expect(table(alice.view)).toEqual(expected);
      expect(table(bob.view)).toEqual(expected);
    });

    const carol = await connect(dataset.documentName);
    expect(table(carol.view)).toEqual(expected);

    for (const client of clients.splice(0)) client.provider.destroy();
    await server.close();
    server = await startTestServer(data.dir);
    const dave = await connect(dataset.documentName);
    expect(table(dave.view)).toEqual(expected);
    expect(dave.view.meta().title).toBe("Repair cafés");
  });

  it("keeps edits made while the server was away: the client re-sends them on reconnect", async () => {
    const dataset = await createDatasetViaApi(server, { title: "T", columns: [{ name: "Name" }] });
    const doc = new Y.Doc();
    const alice = await connectClient(server.wsUrl, dataset.documentName, doc);
    const view = new DatasetView(doc);
    const [name] = view.columns().map((c) => c.id) as [ColumnId];
    await server.close();
    // Offline: the edit stays local and unacknowledged.
    insertRows(doc, [{ cells: { [name]: "made offline" } }], view.gapAtEnd(), EDIT);
    expect(alice.provider.hasUnsyncedChanges).toBe(true);
    server = await startTestServer(data.dir);
    alice.provider.configuration.websocketProvider.configuration.url = server.wsUrl;
    alice.provider.configuration.websocketProvider.connect();
    await whenAcknowledged(alice);
    alice.provider.destroy();
    const bob = await connect(dataset.documentName);
    expect(bob.view.rowsInOrder().map((r) => r.cells[name])).toEqual(["made offline"]);
  });
});
