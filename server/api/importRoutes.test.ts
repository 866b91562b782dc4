import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetDetails, DatasetSummary } from "../../shared/api/datasets.ts";
import type { ImportPreview, UpdateByKeyPreview } from "../../shared/api/imports.ts";
import { dataFile } from "../import/testing/data.ts";
import { createUserSession, startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

type Rows = {
  columns: { id: string; name: string; type: string }[];
  rows: { id: string; cells: Record<string, unknown> }[];
};

describe("import API", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  let strangerCookie: string;
  const api = (path: string, init: RequestInit = {}, as = cookie) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { "content-type": "application/json", origin: server.url, cookie: as, ...init.headers },
    });
  const upload = async (bytes: Uint8Array | string, fileName: string, as = cookie) =>
    api(
      `/api/imports?fileName=${encodeURIComponent(fileName)}&locale=fr`,
      {
        method: "POST",
        body: typeof bytes === "string" ? bytes : Buffer.from(bytes),
        headers: { "content-type": "application/octet-stream" },
      },
      as,
    );
  const json = <T>(response: Response) => response.json() as Promise<T>;
  const datasetCount = async () => (await json<{ datasets: unknown[] }>(await api("/api/datasets"))).datasets.length;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    ({ cookie } = await createUserSession(data.dir));
    ({ cookie: strangerCookie } = await createUserSession(data.dir));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("previews france-services-2022.csv, then imports it as a new dataset with its types", async () => {
    const response = await upload(dataFile("places/france-services-2022.csv"), "france-services-2022.csv");
    expect(response.status).toBe(201);
    const preview = await json<ImportPreview>(response);
    expect(preview).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: ",", headerRow: 0, rowCount: 2683 });
    expect(preview.columns).toHaveLength(23);
    expect(preview.rows).toHaveLength(20);
    const codePostal = preview.columns.findIndex((c) => c.name === "code_postal");
    expect(preview.columns[codePostal]?.type).toBe("text");
    expect(preview.rows[0]?.[codePostal]).toBe("01200");
    expect(preview.columnProblems.map((p) => p.column)).toEqual(["mail"]);

    // Read again with another delimiter: one column, nothing else changes on the server.
    const semicolon = await json<ImportPreview>(
      await api(`/api/imports/${preview.uploadId}/preview`, {
        method: "POST",
        body: JSON.stringify({ delimiter: ";" }),
      }),
    );
    expect(semicolon.columns).toHaveLength(1);

    // The person turns telephone into a number column and leaves out the last column.
    const columns = preview.columns.slice(0, -1).map((c) => (c.name === "telephone" ? { ...c, type: "number" } : c));
    const created = await api(`/api/imports/${preview.uploadId}/dataset`, {
      method: "POST",
      body: JSON.stringify({ title: "France services", licence: "etalab-2.0", columns }),
    });
    expect(created.status).toBe(201);
    const summary = await json<DatasetSummary>(created);
    const details = await json<DatasetDetails>(await api(`/api/datasets/${summary.id}`));
    expect(details).toMatchObject({
      title: "France services",
      licence: "etalab-2.0",
      source: "france-services-2022.csv",
    });
    expect(details.columns).toHaveLength(22);
    const { rows, columns: stored } = await json<Rows>(await api(`/api/datasets/${summary.id}/rows`));
    expect(rows).toHaveLength(2683);
    const id = (name: string) => stored.find((c) => c.name === name)?.id as string;
    expect(rows[0]?.cells[id("code_postal")]).toBe("01200");
    expect(rows[0]?.cells[id("latitude")]).toBe(46.1060711578546);
    expect(rows[0]?.cells[id("itinerance")]).toBe(false);
    // Phone numbers read as numbers where they fit, kept as their text where they do not.
    expect(typeof rows[0]?.cells[id("telephone")]).toBe("number");
  });

  it("a file that cannot be read is refused in words, and creates nothing", async () => {
    const before = await datasetCount();
    const truncated = dataFile("xlsx/sheetjs-test_files/merge_cells.xlsx").subarray(0, 2000);
    for (const [bytes, name] of [
      [truncated, "broken.xlsx"],
      [Buffer.alloc(0), "empty.csv"],
      ["a,b\n1,2\n", "not-really.xlsx"],
    ] as const) {
      const response = await upload(bytes, name);
      expect(response.status).toBe(422);
      const body = await json<{ error: string; message: string }>(response);
      expect(body.error).toBe("invalid-file");
      expect(body.message).toMatch(/^The file/);
    }
    expect(await datasetCount()).toBe(before);
  });

  it("a refusal carries its reason, a code and the values its sentence names, for the client to translate", async () => {
    type Refusal = { error: string; message: string; reason?: { code: string; params: Record<string, unknown> } };
    const empty = await upload(Buffer.alloc(0), "empty.csv");
    expect(await json<Refusal>(empty)).toEqual({
      error: "invalid-file",
      message: "The file is empty.",
      reason: { code: "empty-file", params: {} },
    });

    const longCell = `nom,texte\nMairie,${"x".repeat(40_000)}\n`;
    const refused = await json<Refusal>(await upload(longCell, "long.csv"));
    expect(refused.reason).toEqual({
      code: "cell-too-long",
      params: { context: "line", line: 2, column: 2, length: 40_000, max: 32_768 },
    });
    expect(refused.message).toBe("Line 2, column 2: a cell of 40000 characters; a cell holds at most 32768.");

    // Over a megabyte the preview is read in a worker thread: the reason comes back from it whole.
    const large = `${longCell}${"Gare,court\n".repeat(100_000)}`;
    const fromWorker = await json<Refusal>(await upload(large, "large.csv"));
    expect(fromWorker.reason).toEqual(refused.reason);
  });

  it("an upload is its uploader's only; signing in is needed", async () => {
    const preview = await json<ImportPreview>(await upload("a,b\n1,2\n", "x.csv"));
    const other = await api(`/api/imports/${preview.uploadId}/preview`, { method: "POST", body: "{}" }, strangerCookie);
    expect(other.status).toBe(404);
    const anonymous = await api(
      "/api/imports?fileName=x.csv",
      { method: "POST", body: "a\n1\n", headers: { "content-type": "text/csv" } },
      "",
    );
    expect(anonymous.status).toBe(401);
  });

  it("updates a dataset by key: adds, changes only differing cells, keeps ids, deletes vanished rows only when asked", async () => {
    const first = await json<ImportPreview>(
      await upload("code,nom,places\nA1,Mairie,10\nB2,Café,5\nC3,Gare,0\n", "v1.csv"),
    );
    const summary = await json<DatasetSummary>(
      await api(`/api/imports/${first.uploadId}/dataset`, { method: "POST", body: JSON.stringify({ title: "Lieux" }) }),
    );
    const before = await json<Rows>(await api(`/api/datasets/${summary.id}/rows`));
    const key = before.columns.find((c) => c.name === "code")?.id as string;
    const ids = Object.fromEntries(before.rows.map((r) => [r.cells[key], r.id]));

    const second = await json<ImportPreview>(
      await upload("code;Nom;places\nA1;Mairie;12\nC3;Gare;0\nD4;Musée;3\n", "v2.csv"),
    );
    const request = { uploadId: second.uploadId, keyColumnId: key };
    const preview = await json<UpdateByKeyPreview>(
      await api(`/api/datasets/${summary.id}/import/preview`, { method: "POST", body: JSON.stringify(request) }),
    );
    expect(preview).toMatchObject({
      added: 1,
      changedRows: 1,
      changedCells: 1,
      removed: 1,
      unchanged: 1,
      deletesMissing: false,
    });
    expect(preview.examples.changed[0]?.cells).toEqual([{ columnId: before.columns[2]?.id, before: 10, after: 12 }]);
    expect(preview.examples.removed).toEqual([{ key: "B2", rowId: ids.B2 }]);
    // Nothing written by a preview.
    expect((await json<Rows>(await api(`/api/datasets/${summary.id}/rows`))).rows).toEqual(before.rows);

    // Someone who may not edit the dataset cannot update it.
    const refused = await api(
      `/api/datasets/${summary.id}/import`,
      { method: "POST", body: JSON.stringify(request) },
      strangerCookie,
    );
    expect(refused.status).toBe(404);

    const applied = await api(`/api/datasets/${summary.id}/import`, { method: "POST", body: JSON.stringify(request) });
    expect(applied.status).toBe(200);
    const after = await json<Rows>(await api(`/api/datasets/${summary.id}/rows`));
    expect(after.rows.map((r) => [r.id, ...Object.values(r.cells)])).toEqual([
      [ids.A1, "A1", "Mairie", 12],
      [ids.B2, "B2", "Café", 5],
      [ids.C3, "C3", "Gare", 0],
      [expect.any(String), "D4", "Musée", 3],
    ]);

    // The same file again changes nothing; with deleteMissing, B2 goes.
    const third = await json<ImportPreview>(
      await upload("code;Nom;places\nA1;Mairie;12\nC3;Gare;0\nD4;Musée;3\n", "v2.csv"),
    );
    const again = { uploadId: third.uploadId, keyColumnId: key, deleteMissing: true };
    const result = await json<UpdateByKeyPreview>(
      await api(`/api/datasets/${summary.id}/import`, { method: "POST", body: JSON.stringify(again) }),
    );
    expect(result).toMatchObject({ added: 0, changedCells: 0, removed: 1, unchanged: 3, deletesMissing: true });
    const last = await json<Rows>(await api(`/api/datasets/${summary.id}/rows`));
    expect(last.rows.map((r) => r.cells[key])).toEqual(["A1", "C3", "D4"]);
  });

  it("refuses an update whose file repeats a key, naming the lines", async () => {
    const first = await json<ImportPreview>(await upload("code,nom\nA1,x\n", "v1.csv"));
    const summary = await json<DatasetSummary>(
      await api(`/api/imports/${first.uploadId}/dataset`, { method: "POST", body: JSON.stringify({ title: "Clés" }) }),
    );
    const { columns } = await json<Rows>(await api(`/api/datasets/${summary.id}/rows`));
    const second = await json<ImportPreview>(await upload("code,nom\nA1,x\nA1,y\n", "v2.csv"));
    const response = await api(`/api/datasets/${summary.id}/import/preview`, {
      method: "POST",
      body: JSON.stringify({ uploadId: second.uploadId, keyColumnId: columns[0]?.id }),
    });
    expect(response.status).toBe(422);
    expect((await json<{ message: string }>(response)).message).toBe('The key "A1" is on lines 2 and 3 of the file.');
  });
});
