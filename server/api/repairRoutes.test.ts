import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import type { DatasetProblems, DatasetRepair, DatasetSummary } from "../../shared/api/datasets.ts";
import { closeEvents } from "../../shared/closeEvents.ts";
import { DatasetView, deleteRows, insertRows } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { writeOutsideSchema, writeStoredDocument } from "../test/storedDocument.ts";
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

/** What a reader sees: rows in order, each as its values by column name. */
const contents = (doc: Y.Doc) => {
  const view = new DatasetView(doc);
  const columns = view.columns();
  const rows = view.rowsInOrder().map((row) => ({
    id: row.id,
    values: Object.fromEntries(columns.map((c) => [c.name, row.cells[c.id] ?? null])),
  }));
  const problems = view.problems();
  view.destroy();
  return { columns: columns.map((c) => [c.name, c.type]), rows, problems };
};

describe("an owner's repair of a document holding content outside the schema", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let owner: string;
  let dataset: DatasetSummary;
  let before: ReturnType<typeof contents>;

  const api = (route: string, { cookie, method = "GET" }: { cookie?: string; method?: string } = {}) =>
    fetch(`${server.url}/api/datasets/${dataset.id}${route}`, {
      method,
      headers: { origin: server.url, ...(cookie ? { cookie } : {}) },
    });

  async function storedLog() {
    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    try {
      return (await storage.documents.load(dataset.documentName)).updates;
    } finally {
      storage.close();
    }
  }

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    ({ cookie: owner } = await createUserSession(data.dir));
    dataset = await createDatasetViaApi(
      server,
      { title: "Arbres", columns: [{ name: "Espèce" }, { name: "Hauteur", type: "number" }] },
      { cookie: owner },
    );
    const client = await connectClient(server.wsUrl, dataset.documentName);
    const view = new DatasetView(client.doc);
    const [species, height] = view.columns().map((c) => c.id) as [ColumnId, ColumnId];
    const ids = insertRows(
      client.doc,
      Array.from({ length: 5 }, (_, i) => ({ cells: { [species]: `tree ${i}`, [height]: i * 1.5 } })),
      view.gapAtEnd(),
      "edit",
    );
    deleteRows(client.doc, [ids[4] as RowId], "edit");
    await whenAcknowledged(client);
    before = contents(client.doc);
    client.provider.destroy();
    // Written once the server has folded its log into the snapshot (the document unloads).
    await waitFor(async () => expect(await storedLog()).toEqual([]));
    await writeStoredDocument(data.dir, dataset.documentName, (doc) => writeOutsideSchema(doc, `${ids[0]}:${height}`));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("is refused to anyone but an owner, and to cross-site requests", async () => {
    const stranger = (await createUserSession(data.dir)).cookie;
    expect((await api("/problems")).status).toBe(403); // public-edit: anyone opens it, only owners see problems
    expect((await api("/repair", { method: "POST" })).status).toBe(403);
    expect((await api("/repair", { method: "POST", cookie: stranger })).status).toBe(403);
    const crossSite = await fetch(`${server.url}/api/datasets/${dataset.id}/repair`, {
      method: "POST",
      headers: { cookie: owner, origin: "https://elsewhere.example" },
    });
    expect(crossSite.status).toBe(403);

    const hidden = await createDatasetViaApi(server, { title: "Private" }, { openness: "private", cookie: owner });
    const privateRepair = await fetch(`${server.url}/api/datasets/${hidden.id}/repair`, {
      method: "POST",
      headers: { cookie: stranger, origin: server.url },
    });
    expect(privateRepair.status).toBe(404);
  });

  it("lists the problems to the owner", async () => {
    const response = await api("/problems", { cookie: owner });
    expect(response.status).toBe(200);
    const { problems, truncated } = (await response.json()) as DatasetProblems;
    expect(truncated).toBe(false);
    expect(problems.map((p) => [p.where, p.key])).toEqual(
      expect.arrayContaining([
        ["blocks", "00000000"],
        ["columns", "nameless"],
        ["meta", "bogus"],
      ]),
    );
    expect(problems.some((p) => p.where === "cells")).toBe(true);
  });

  it("rebuilds the document from its valid content as the next epoch; old-epoch clients are told to reset", async () => {
    const old = await connectClient(server.wsUrl, dataset.documentName);
    expect(contents(old.doc).problems.length).toBeGreaterThan(0);

    const response = await api("/repair", { method: "POST", cookie: owner });
    expect(response.status).toBe(200);
    const repair = (await response.json()) as DatasetRepair;
    expect(repair).toMatchObject({ rows: 4, dataset: { documentName: `dataset.${dataset.id}.1`, title: "Arbres" } });
    expect(repair.problems).toBeGreaterThan(0);

    await waitFor(() => expect(old.closes.map((c) => c.code)).toContain(closeEvents.reset.code));
    old.provider.destroy();
    await expect(connectClient(server.wsUrl, dataset.documentName)).rejects.toThrow(closeEvents.reset.reason);

    const fresh = await connectClient(server.wsUrl, repair.dataset.documentName);
    const after = contents(fresh.doc);
    expect(after.problems).toEqual([]);
    expect(after.columns).toEqual(before.columns);
    expect(after.rows).toEqual(before.rows); // every valid row, in order, with its values; the deleted one gone
    expect(fresh.doc.share.has("junk")).toBe(false);
    fresh.provider.destroy();

    const problems = (await (await api("/problems", { cookie: owner })).json()) as DatasetProblems;
    expect(problems).toEqual({ problems: [], truncated: false });
    const rows = (await (await api("/rows")).json()) as { rows: { id: string }[] };
    expect(rows.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
  });
});
