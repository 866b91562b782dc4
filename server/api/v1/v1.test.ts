import http from "node:http";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../../shared/api/datasets.ts";
import type { ApiDataset, RowsPage, SnapshotDocument } from "../../../shared/api/v1.ts";
import type { DatasetId } from "../../../shared/ids.ts";
import { openSqliteStorage } from "../../storage/sqlite.ts";
import {
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../../test/testServer.ts";
import { v1 } from "../../test/v1Client.ts";

/** /api/v1 against a real server: snapshots, rights, rows, writes, CORS, rate limits; every answer checked against its schema. */
describe("/api/v1", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  let open: DatasetSummary;
  let closed: DatasetSummary;
  let writeToken: string;
  let readClosedToken: string;
  let columns: Record<string, string>;

  const api = (p: string, options?: Parameters<typeof v1>[2]) => v1(server.url, p, options);

  async function token(scope: "read" | "write", datasetIds: string[]) {
    const response = await fetch(`${server.url}/api/account/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: JSON.stringify({ name: `${scope} token`, scope, datasetIds }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { token: string }).token;
  }

  /** Waits until the dataset's snapshot holds `rows` rows (it is rebuilt shortly after each change). */
  const snapshotWith = (id: string, rows: number, t?: string) =>
    waitFor(async () => {
      const { body } = await api(`/api/v1/datasets/${id}`, { token: t });
      expect((body as ApiDataset).snapshot?.rowCount).toBe(rows);
      return body as ApiDataset;
    });

  beforeAll(async () => {
    data = tempDataDir();
    // SNAPSHOT_WORKER_BYTES=0: every build goes through the worker thread, as large datasets do.
    server = await startTestServer(data.dir, { SNAPSHOT_DELAY_MS: "20", SNAPSHOT_WORKER_BYTES: "0" });
    ({ cookie } = await createUserSession(data.dir));
    open = await createDatasetViaApi(
      server,
      {
        title: "Repair cafés",
        licence: "ODbL-1.0",
        keywords: "repair, bikes",
        frequency: "WEEKLY",
        spatial: "Lyon, France",
        spatialUri: "https://www.geonames.org/2996944",
        columns: [
          { name: "Name" },
          { name: "Visitors", type: "number" },
          { name: "Open", type: "boolean" },
          { name: "Lat", type: "latitude" },
          { name: "Lon", type: "longitude" },
        ],
      },
      { cookie, openness: "public-read" },
    );
    closed = await createDatasetViaApi(
      server,
      { title: "Private", columns: [{ name: "Secret" }] },
      { cookie, openness: "private" },
    );
    writeToken = await token("write", [open.id, closed.id]);
    readClosedToken = await token("read", [closed.id]);
    const described = await snapshotWith(open.id, 0);
    columns = Object.fromEntries(described.columns.map((c) => [c.name, c.id]));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("describes a dataset's open-data metadata: licence with its URL, keywords, frequency, area, catalogue id", async () => {
    const { body } = await api(`/api/v1/datasets/${open.id}`);
    expect(body).toMatchObject({
      licence: "ODbL-1.0",
      licenceUrl: "https://opendatacommons.org/licenses/odbl/1-0/",
      keywords: ["repair", "bikes"],
      frequency: "WEEKLY",
      frequencyUri: "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
      spatial: { label: "Lyon, France", uri: "https://www.geonames.org/2996944" },
      catalogId: `${server.url}/datasets/${open.id}`,
    });
    const other = await api(`/api/v1/datasets/${closed.id}`, { token: readClosedToken });
    expect(other.body).toMatchObject({ licence: "", licenceUrl: null, keywords: [], frequency: null, spatial: null });
  });

  it("appends, changes and deletes rows with a write token, attributed to the token", async () => {
    const created = await api(`/api/v1/datasets/${open.id}/rows`, {
      method: "POST",
      token: writeToken,
      body: {
        rows: [
          {
            cells: {
              [columns.Name as string]: "Café Vélo",
              [columns.Visitors as string]: 12,
              [columns.Open as string]: true,
              [columns.Lat as string]: 48.85,
              [columns.Lon as string]: 2.35,
            },
          },
          { cells: { [columns.Name as string]: "Atelier", [columns.Visitors as string]: 3 } },
          { cells: { [columns.Name as string]: "Bricole", [columns.Visitors as string]: "40" } },
          { cells: { [columns.Name as string]: "to delete" } },
        ],
      },
    });
    expect(created.status).toBe(201);
    const rows = (created.body as { rows: { id: string; cells: Record<string, unknown> }[] }).rows;
    expect(rows.map((r) => r.cells[columns.Visitors as string])).toEqual([12, 3, 40, null]); // "40" read as a number
    const [, atelier, , doomed] = rows;
    const patched = await api(`/api/v1/datasets/${open.id}/rows/${atelier?.id}`, {
      method: "PATCH",
      token: writeToken,
      body: { cells: { [columns.Open as string]: false } },
    });
    expect(patched.status).toBe(200);
    expect((patched.body as { cells: Record<string, unknown> }).cells[columns.Open as string]).toBe(false);
    expect(
      (await api(`/api/v1/datasets/${open.id}/rows/${doomed?.id}`, { method: "DELETE", token: writeToken })).status,
    ).toBe(204);

    const bad = await api(`/api/v1/datasets/${open.id}/rows`, {
      method: "POST",
      token: writeToken,
      body: { rows: [{ cells: { [columns.Visitors as string]: "many" } }, { cells: { nocol1: "x" } }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "invalid-cells" });
    expect((bad.body as { message: string }).message).toContain("rows.1.cells.nocol1");

    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    try {
      const changes = await storage.changes.list(open.id as DatasetId);
      expect(changes.filter((c) => c.actor.kind === "token")).toHaveLength(3);
    } finally {
      storage.close();
    }
    await snapshotWith(open.id, 3);
  });

  it("refuses writes without a write token on the dataset", async () => {
    const body = { rows: [{ cells: {} }] };
    // From this site or another, without a token: 401.
    for (const origin of [server.url, "https://partner.example"]) {
      const anonymous = await api(`/api/v1/datasets/${open.id}/rows`, { method: "POST", body, headers: { origin } });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ error: "token-required" });
    }
    // The session cookie is not a credential here, even from this site.
    const withCookie = await api(`/api/v1/datasets/${open.id}/rows`, {
      method: "POST",
      body,
      headers: { cookie, origin: server.url },
    });
    expect(withCookie.status).toBe(401);
    const readToken = await token("read", [open.id]);
    expect((await api(`/api/v1/datasets/${open.id}/rows`, { method: "POST", body, token: readToken })).status).toBe(
      403,
    );
    expect((await api(`/api/v1/datasets/${closed.id}/rows`, { method: "POST", body, token: readToken })).status).toBe(
      404,
    );
    expect((await api(`/api/v1/datasets/${open.id}/rows`, { method: "POST", body, token: "dp_nonsense" })).status).toBe(
      401,
    );
  });

  it("serves the snapshot as JSON, CSV and GeoJSON, compressed as asked, with an ETag and 304", async () => {
    const json = await api(`/api/v1/datasets/${open.id}/snapshot.json`);
    expect(json.status).toBe(200);
    const snapshot = json.body as SnapshotDocument;
    expect(snapshot.meta).toMatchObject({ title: "Repair cafés", licence: "ODbL-1.0" });
    expect(snapshot.rows.map((r) => r.cells[columns.Name as string])).toEqual(["Café Vélo", "Atelier", "Bricole"]);
    const etag = json.headers.get("etag") as string;
    expect(etag).toMatch(/^"\d+-[\w-]{22}"$/);
    expect(json.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=60");

    const again = await api(`/api/v1/datasets/${open.id}/snapshot.json`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(
      (await api(`/api/v1/datasets/${open.id}/snapshot.csv`, { headers: { "if-none-match": `W/${etag}` } })).status,
    ).toBe(304);

    // Raw bytes, as a client that asks for an encoding receives them (fetch would decode them).
    const raw = (encoding: string) =>
      new Promise<{ encoding: string | null; bytes: Buffer }>((resolve, reject) => {
        http
          .get(
            `${server.url}/api/v1/datasets/${open.id}/snapshot.json`,
            { headers: { "accept-encoding": encoding } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on("data", (chunk: Buffer) => chunks.push(chunk));
              res.on("end", () =>
                resolve({
                  encoding: (res.headers["content-encoding"] as string) ?? null,
                  bytes: Buffer.concat(chunks),
                }),
              );
            },
          )
          .on("error", reject);
      });
    const br = await raw("gzip, deflate, br");
    expect(br.encoding).toBe("br");
    expect(JSON.parse(brotliDecompressSync(br.bytes).toString())).toEqual(snapshot);
    const gzip = await raw("gzip, br;q=0");
    expect(gzip.encoding).toBe("gzip");
    expect(JSON.parse(gunzipSync(gzip.bytes).toString())).toEqual(snapshot);
    const plain = await raw("identity");
    expect(plain.encoding).toBeNull();
    expect(JSON.parse(plain.bytes.toString())).toEqual(snapshot);

    const csv = await api(`/api/v1/datasets/${open.id}/snapshot.csv`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = csv.text
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("_id,Name,Visitors,Open,Lat,Lon");
    expect(lines[1]).toBe(`${snapshot.rows[0]?.id},Café Vélo,12,true,48.85,2.35`);
    expect(lines).toHaveLength(4);

    const geo = await api(`/api/v1/datasets/${open.id}/snapshot.geojson`);
    expect(geo.headers.get("content-type")).toBe("application/geo+json");
    expect(JSON.parse(geo.text)).toEqual({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          id: snapshot.rows[0]?.id,
          geometry: { type: "Point", coordinates: [2.35, 48.85] },
          properties: { Name: "Café Vélo", Visitors: 12, Open: true, Lat: 48.85, Lon: 2.35 },
        },
      ],
    });
    const noGeo = await api(`/api/v1/datasets/${closed.id}/snapshot.geojson`, { token: readClosedToken });
    expect(noGeo.status).toBe(404);
  });

  it("a read never writes: snapshots, rows, metadata, lists and the catalogue leave storage as it was", async () => {
    const stored = async () => {
      const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
      try {
        const id = open.id as DatasetId;
        return {
          document: await storage.documents.load(open.documentName),
          version: await storage.readModel.version(id),
          model: await storage.readModel.file(id, "model", "identity"),
          record: await storage.datasets.get(id),
          changes: await storage.changes.list(id),
        };
      } finally {
        storage.close();
      }
    };
    const before = await stored();
    for (const p of ["", "/snapshot.json", "/snapshot.csv", "/snapshot.geojson", "/rows", "/rows?sort=-name&limit=1"])
      await api(`/api/v1/datasets/${open.id}${p}`);
    await api("/api/v1/datasets");
    for (const p of ["/catalog.jsonld", "/catalog.ttl"]) expect((await fetch(`${server.url}${p}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a rebuild would have run by now
    expect(await stored()).toEqual(before);
  });

  it("private datasets answer 404 without a token that may read them", async () => {
    for (const p of ["", "/snapshot.json", "/snapshot.csv", "/rows", "/rows/abcdefghij"]) {
      const anonymous = await api(`/api/v1/datasets/${closed.id}${p}`);
      expect(anonymous.status, p).toBe(404);
      expect(anonymous.body).toMatchObject({ error: "not-found" });
      // Signed in to the app as the owner: the API does not take the cookie.
      expect((await api(`/api/v1/datasets/${closed.id}${p}`, { headers: { cookie } })).status, p).toBe(404);
    }
    const otherToken = await token("read", [open.id]);
    expect((await api(`/api/v1/datasets/${closed.id}/snapshot.json`, { token: otherToken })).status).toBe(404);
    const allowed = await api(`/api/v1/datasets/${closed.id}/snapshot.json`, { token: readClosedToken });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("cache-control")).toBe("private, no-cache");

    const listed = async (t?: string) =>
      ((await api("/api/v1/datasets", { token: t })).body as { datasets: ApiDataset[] }).datasets
        .map((d) => d.id)
        .sort();
    expect(await listed()).toEqual([open.id]);
    expect(await listed(readClosedToken)).toEqual([closed.id]);
    expect(await listed(writeToken)).toEqual([open.id, closed.id].sort());
  });

  it("a dataset made private answers 404 on the very next request, and reads again once made public", async () => {
    const made = await createDatasetViaApi(
      server,
      { title: "Soon private", columns: [{ name: "Name" }] },
      {
        cookie,
        openness: "public-read",
      },
    );
    await snapshotWith(made.id, 0);
    const paths = ["", "/snapshot.json", "/rows?limit=25", "/rows?limit=25"]; // a page twice: from the cache
    const setOpenness = async (openness: string) => {
      const response = await fetch(`${server.url}/api/datasets/${made.id}/settings`, {
        method: "PATCH",
        headers: { "content-type": "application/json", origin: server.url, cookie },
        body: JSON.stringify({ openness }),
      });
      expect(response.status).toBe(200);
    };
    for (const p of paths) expect((await api(`/api/v1/datasets/${made.id}${p}`)).status, p).toBe(200);
    await setOpenness("private");
    for (const p of paths) expect((await api(`/api/v1/datasets/${made.id}${p}`)).status, p).toBe(404);
    await setOpenness("public-read");
    for (const p of paths) expect((await api(`/api/v1/datasets/${made.id}${p}`)).status, p).toBe(200);
  });

  it("lists rows with filters, sort, fields, total and cursor pages", async () => {
    const page = async (query: string) => {
      const answer = await api(`/api/v1/datasets/${open.id}/rows?${query}`);
      expect(answer.status, query).toBe(200);
      return answer.body as RowsPage;
    };
    const name = (p: RowsPage) => p.rows.map((r) => r.cells[columns.Name as string]);
    const all = await page("");
    expect(all.total).toBe(3);
    expect(name(all)).toEqual(["Café Vélo", "Atelier", "Bricole"]);
    expect(name(await page(`sort=-${columns.Visitors}`))).toEqual(["Bricole", "Café Vélo", "Atelier"]);
    expect(name(await page(`filter=${columns.Visitors}:gt:5`))).toEqual(["Café Vélo", "Bricole"]);
    expect(name(await page(`filter=${columns.Name}:contains:CAF`))).toEqual(["Café Vélo"]);
    expect(name(await page(`filter=${columns.Lat}:empty`))).toEqual(["Atelier", "Bricole"]);
    expect(name(await page(`filter=${columns.Open}:eq:false`))).toEqual(["Atelier"]);
    expect(name(await page(`filter=${columns.Name}:in:Atelier,Bricole&filter=${columns.Visitors}:lte:3`))).toEqual([
      "Atelier",
    ]);
    const picked = await page(`fields=${columns.Name}&limit=2`);
    expect(picked.rows[0]?.cells).toEqual({ [columns.Name as string]: "Café Vélo" });
    expect(picked.total).toBe(3);
    const second = await page(`fields=${columns.Name}&limit=2&cursor=${picked.nextCursor}`);
    expect(name(second)).toEqual(["Bricole"]);
    expect(second.nextCursor).toBeNull();

    // A page has its own ETag (the snapshot's version and the query).
    const first = await api(`/api/v1/datasets/${open.id}/rows?limit=2`);
    const etag = first.headers.get("etag") as string;
    expect(etag).toContain(all.version);
    expect((await api(`/api/v1/datasets/${open.id}/rows?limit=2`, { headers: { "if-none-match": etag } })).status).toBe(
      304,
    );
    expect((await api(`/api/v1/datasets/${open.id}/rows?limit=3`, { headers: { "if-none-match": etag } })).status).toBe(
      200,
    );

    const one = all.rows[1];
    const row = await api(`/api/v1/datasets/${open.id}/rows/${one?.id}`);
    expect(row.body).toEqual(one);
    expect((await api(`/api/v1/datasets/${open.id}/rows/nothere123`)).status).toBe(404);

    for (const [query, error] of [
      ["filter=nocol1:eq:1", "invalid-filter"],
      [`filter=${columns.Visitors}:gt:lots`, "invalid-filter"],
      [`filter=${columns.Visitors}:between:1`, "invalid-filter"],
      ["sort=nocol1", "invalid-request"],
      ["fields=nocol1", "invalid-request"],
      ["limit=0", "invalid-request"],
      ["cursor=bm9wZQ", "invalid-cursor"],
      [`sort=${columns.Name}&cursor=${picked.nextCursor}`, "invalid-cursor"],
    ] as const) {
      const answer = await api(`/api/v1/datasets/${open.id}/rows?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body, query).toMatchObject({ error });
    }
  });

  it("answers a repeated rows page with the same bytes, and the new data once the snapshot follows an edit", async () => {
    const url = `${server.url}/api/v1/datasets/${open.id}/rows?limit=2&sort=${columns.Name}`;
    const read = async () => {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      return response.text();
    };
    const first = await read();
    expect(await read()).toBe(first);
    const page = JSON.parse(first) as RowsPage;
    const atelier = page.rows[0];
    expect(atelier?.cells[columns.Name as string]).toBe("Atelier");
    const rename = async (name: string) => {
      const patched = await api(`/api/v1/datasets/${open.id}/rows/${atelier?.id}`, {
        method: "PATCH",
        token: writeToken,
        body: { cells: { [columns.Name as string]: name } },
      });
      expect(patched.status).toBe(200);
      await waitFor(async () => {
        const again = JSON.parse(await read()) as RowsPage;
        expect(again.version).not.toBe(page.version);
        expect(again.rows.map((r) => r.cells[columns.Name as string])).toContain(name);
      });
    };
    await rename("Atelier du coin");
    await rename("Atelier"); // as the other tests expect it
    // A bad query is refused on every request, never cached as a page.
    for (let i = 0; i < 2; i++) expect((await api(`/api/v1/datasets/${open.id}/rows?sort=nocol1`)).status).toBe(400);
  });

  it("lets any site read /api/v1 (CORS *, no credentials) and gives cookie routes no CORS", async () => {
    const answer = await api(`/api/v1/datasets/${open.id}/snapshot.json`, {
      headers: { origin: "https://elsewhere.example" },
    });
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
    expect(answer.headers.get("access-control-expose-headers")).toContain("ETag");
    const preflight = await fetch(`${server.url}/api/v1/datasets/${open.id}/rows`, {
      method: "OPTIONS",
      headers: {
        origin: "https://elsewhere.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
    const cookieRoute = await fetch(`${server.url}/api/datasets/${open.id}`, {
      headers: { origin: "https://elsewhere.example" },
    });
    expect(cookieRoute.status).toBe(200);
    expect(cookieRoute.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends RateLimit headers, per token and per address", async () => {
    const anonymous = await api("/api/v1/datasets");
    expect(Number(anonymous.headers.get("ratelimit-limit"))).toBe(600);
    const left = Number(anonymous.headers.get("ratelimit-remaining"));
    expect(left).toBeLessThan(600);
    expect(Number(anonymous.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    // A fresh token has its own budget.
    const fresh = await api("/api/v1/datasets", { token: await token("read", [open.id]) });
    expect(Number(fresh.headers.get("ratelimit-remaining"))).toBe(599);
  });
});

describe("/api/v1 over its rate limit", () => {
  it("answers 429 too-many-requests with Retry-After", async () => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir, { API_REQUESTS_PER_MINUTE: "2" });
    try {
      await v1(server.url, "/api/v1/datasets");
      await v1(server.url, "/api/v1/datasets");
      const over = await v1(server.url, "/api/v1/datasets");
      expect(over.status).toBe(429);
      expect(over.body).toMatchObject({ error: "too-many-requests" });
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(over.headers.get("access-control-allow-origin")).toBe("*");
    } finally {
      await server.close();
      data.remove();
    }
  });

  it("counts each client address on its own (127.0.0.2 is another client to the server)", async () => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir, { API_REQUESTS_PER_MINUTE: "2" });
    const from = (localAddress: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get(`${server.url}/api/v1/datasets`, { localAddress }, (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          })
          .on("error", reject);
      });
    try {
      expect([await from("127.0.0.1"), await from("127.0.0.1"), await from("127.0.0.1")]).toEqual([200, 200, 429]);
      expect([await from("127.0.0.2"), await from("127.0.0.2"), await from("127.0.0.2")]).toEqual([200, 200, 429]);
      expect(await from("127.0.0.1")).toBe(429);
    } finally {
      await server.close();
      data.remove();
    }
  });
});

describe("/api/v1 before a dataset's first snapshot", () => {
  it("answers 503 snapshot-not-ready with Retry-After", async () => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir, { SNAPSHOT_DELAY_MS: "600000" });
    try {
      const made = await createDatasetViaApi(
        server,
        { title: "New", columns: [{ name: "Name" }] },
        {
          openness: "public-read",
        },
      );
      for (const p of ["/rows", "/snapshot.json"]) {
        const early = await v1(server.url, `/api/v1/datasets/${made.id}${p}`);
        expect(early.status, p).toBe(503);
        expect(early.body).toMatchObject({ error: "snapshot-not-ready" });
        expect(early.headers.get("retry-after"), p).toBe("2");
      }
    } finally {
      await server.close();
      data.remove();
    }
  });
});
