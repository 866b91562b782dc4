import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import type { ImportPreview } from "../../shared/api/imports.ts";
import { readFile } from "../import/readFile.ts";
import { createUserSession, startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

describe("export API", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  let stranger: string;
  let dataset: DatasetSummary;
  const api = (path: string, init: RequestInit = {}, as = cookie) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { "content-type": "application/json", origin: server.url, cookie: as, ...init.headers },
    });
  const importCsv = async (csv: string, title: string) => {
    const preview = (await (
      await api("/api/imports?fileName=lieux.csv", {
        method: "POST",
        body: csv,
        headers: { "content-type": "application/octet-stream" },
      })
    ).json()) as ImportPreview;
    const created = await api(`/api/imports/${preview.uploadId}/dataset`, {
      method: "POST",
      body: JSON.stringify({ title }),
    });
    return (await created.json()) as DatasetSummary;
  };

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    ({ cookie } = await createUserSession(data.dir));
    ({ cookie: stranger } = await createUserSession(data.dir));
    dataset = await importCsv(
      "nom,cp,latitude,longitude,note\nMairie,01200,46.1,5.8,=1+1\nCafé,75001,48.8,2.3,-x\n",
      "Lieux été",
    );
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("CSV for Excel by default: BOM, formulas neutralised, a file name from the title", async () => {
    const response = await api(`/api/datasets/${dataset.id}/export/csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="lieux-ete.csv"');
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text).toBe(
      "\ufeffnom,cp,latitude,longitude,note\r\nMairie,01200,46.1,5.8,'=1+1\r\nCafé,75001,48.8,2.3,'-x\r\n",
    );
    const machine = await api(`/api/datasets/${dataset.id}/export/csv?bom=false&formulas=keep&delimiter=;`);
    expect(await machine.text()).toBe(
      "nom;cp;latitude;longitude;note\r\nMairie;01200;46.1;5.8;=1+1\r\nCafé;75001;48.8;2.3;-x\r\n",
    );
  });

  it("XLSX, JSON, GeoJSON and the data package read back", async () => {
    for (const format of ["xlsx", "json", "geojson", "datapackage"]) {
      const response = await api(`/api/datasets/${dataset.id}/export/${format}`);
      expect(response.status).toBe(200);
      const read = await readFile(new Uint8Array(await response.arrayBuffer()), { fileName: `x.${format}` });
      expect(read.table.rows).toHaveLength(2);
      expect(read.table.names).toContain("cp");
    }
  });

  it("GeoJSON needs coordinates; readers only; unknown formats are not found", async () => {
    const plain = await importCsv("a,b\n1,2\n", "Sans coordonnées");
    expect((await api(`/api/datasets/${plain.id}/export/geojson`)).status).toBe(400);
    expect((await api(`/api/datasets/${dataset.id}/export/csv`, {}, stranger)).status).toBe(404);
    expect((await api(`/api/datasets/${dataset.id}/export/pdf`)).status).toBe(404);
  });
});
