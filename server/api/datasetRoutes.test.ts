import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetDetails, DatasetSummary } from "../../shared/api/datasets.ts";
import { createUserSession, startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

describe("datasets API", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  const api = (path: string, init?: RequestInit) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { "content-type": "application/json", origin: server.url, cookie, ...init?.headers },
    });

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    ({ cookie } = await createUserSession(data.dir));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("creates a dataset with typed columns, lists it and reads it back", async () => {
    const created = await api("/api/datasets", {
      method: "POST",
      body: JSON.stringify({
        title: "  Bureaux de vote ",
        licence: "ODbL-1.0",
        columns: [
          { name: "Nom" },
          { name: "Inscrits", type: "number" },
          { name: "Type", type: "choice", choices: ["A", "B"] },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const summary = (await created.json()) as DatasetSummary;
    expect(summary).toMatchObject({
      title: "Bureaux de vote",
      documentName: `dataset.${summary.id}.0`,
      openness: "private",
      role: "owner",
    });

    const list = (await (await api("/api/datasets")).json()) as { datasets: DatasetSummary[] };
    expect(list.datasets.map((d) => d.id)).toContain(summary.id);

    const details = (await (await api(`/api/datasets/${summary.id}`)).json()) as DatasetDetails;
    expect(details.licence).toBe("ODbL-1.0");
    expect(details.columns.map((c) => [c.name, c.type])).toEqual([
      ["Nom", "text"],
      ["Inscrits", "number"],
      ["Type", "choice"],
    ]);
    expect(details.columns[2]?.choices).toEqual(["A", "B"]);
  });

  it("explains what is wrong with a bad request and creates nothing", async () => {
    const before = ((await (await api("/api/datasets")).json()) as { datasets: unknown[] }).datasets.length;
    const cases = [
      { body: "{not json", status: 400 },
      { body: JSON.stringify({ columns: [] }), status: 400, message: /title/ },
      { body: JSON.stringify({ title: "T", columns: [{ name: "x", type: "colour" }] }), status: 400, message: /type/ },
      {
        body: JSON.stringify({ title: "T", columns: Array.from({ length: 501 }, (_, i) => ({ name: `c${i}` })) }),
        status: 400,
      },
    ];
    for (const { body, status, message } of cases) {
      const response = await api("/api/datasets", { method: "POST", body });
      expect(response.status).toBe(status);
      const error = (await response.json()) as { error: string; message: string };
      expect(error.error).toBeTruthy();
      if (message) expect(error.message).toMatch(message);
    }
    const after = ((await (await api("/api/datasets")).json()) as { datasets: unknown[] }).datasets.length;
    expect(after).toBe(before);
  });

  it("answers 404 for unknown datasets and routes", async () => {
    expect((await api("/api/datasets/AAAAAAAAAAAA")).status).toBe(404);
    expect((await api("/api/datasets/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    const unknown = await api("/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not-found" });
  });
});
