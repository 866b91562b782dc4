import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetView, insertRows, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, DatasetId, RowId } from "../../shared/ids.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { StoredChange } from "../storage/types.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("attribution of changes to canonical documents", () => {
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

  const changesOf = async (datasetId: string): Promise<StoredChange[]> => {
    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    try {
      return await storage.changes.list(datasetId as DatasetId);
    } finally {
      storage.close();
    }
  };

  it("records who changed which cells and blocks, from sockets and the API, and keeps it after compaction", async () => {
    const owner = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      server,
      { title: "Help points", columns: [{ name: "Name" }, { name: "Phone" }] },
      { cookie: owner.cookie },
    );
    const member = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: owner.cookie });
    const visitor = await connectClient(server.wsUrl, dataset.documentName);
    clients.push(member, visitor);
    const view = new DatasetView(member.doc);
    const [name, phone] = view.columns().map((c) => c.id) as [ColumnId, ColumnId];

    const [row] = insertRows(member.doc, [{ cells: { [name]: "Point A" } }], view.gapAtEnd(), "test") as [RowId];
    await whenAcknowledged(member);
    await waitFor(() => expect(new DatasetView(visitor.doc).row(row)).toBeDefined());
    setCells(visitor.doc, [{ rowId: row, columnId: phone, value: "01 23" }], "test");
    await whenAcknowledged(visitor);

    const created = await fetch(`${server.url}/api/account/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: owner.cookie, origin: server.url },
      body: JSON.stringify({ name: "sync", scope: "write", datasetIds: [dataset.id] }),
    });
    const { token, id: tokenId } = (await created.json()) as { token: string; id: string };
    const patched = await fetch(`${server.url}/api/datasets/${dataset.id}/cells`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ edits: [{ rowId: row, columnId: name, value: "Point A (closed)" }] }),
    });
    expect(patched.status).toBe(200);

    const expectChanges = async () => {
      const changes = await changesOf(dataset.id);
      const byKind = (kind: string) => changes.filter((c) => c.actor.kind === kind);
      const [block] = byKind("user").filter((c) => c.blocks.length > 0);
      expect(block).toMatchObject({ actor: { kind: "user", userId: owner.user.id }, cells: [], structure: false });
      expect(block?.blocks).toHaveLength(1);
      const [anonymous] = byKind("anonymous");
      expect(anonymous?.cells).toEqual([`${row}:${phone}`]);
      expect(anonymous?.actor).toEqual({ kind: "anonymous", contributorId: expect.stringMatching(/^[\w-]{22}$/) });
      expect(JSON.stringify(changes)).not.toContain("127.0.0.1"); // the address itself is never stored
      expect(byKind("token")).toEqual([
        expect.objectContaining({ actor: { kind: "token", tokenId }, cells: [`${row}:${name}`] }),
      ]);
      for (const change of changes) expect(Date.parse(change.at)).not.toBeNaN();
    };
    await expectChanges();

    // Compaction drops the update log; the attribution stays.
    for (const client of clients.splice(0)) client.provider.destroy();
    await server.close();
    server = await startTestServer(data.dir);
    await expectChanges();
  });
});
