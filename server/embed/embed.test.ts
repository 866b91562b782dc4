import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { DatasetView, insertRows } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
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

/**
 * /embed/{id} on a real server: the snapshot as grid, cards and map, escaped, filtered, public only,
 * cached by ETag, framed only where its owner allows.
 */
describe("/embed/{id}", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let dataset: DatasetSummary;
  let hidden: DatasetSummary;
  let ids: Record<string, ColumnId>;

  let cookie: string;
  const embed = async (query = "", id = dataset.id, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/embed/${id}${query}`, { headers });
    return { status: response.status, headers: response.headers, html: await response.text() };
  };
  const putSites = (sites: unknown, who = cookie) =>
    fetch(`${server.url}/api/datasets/${dataset.id}/embed-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json", origin: server.url, cookie: who },
      body: JSON.stringify({ sites }),
    });
  const mapData = (html: string) =>
    JSON.parse(/<script type="application\/json" id="embed-map-data">(.*?)<\/script>/s.exec(html)?.[1] ?? "null");

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { SNAPSHOT_DELAY_MS: "20" });
    ({ cookie } = await createUserSession(data.dir));
    dataset = await createDatasetViaApi(
      server,
      {
        title: "Lieux <numériques>",
        columns: [
          { name: "Nom" },
          { name: "Site", type: "url" },
          { name: "Lat", type: "latitude" },
          { name: "Lon", type: "longitude" },
        ],
      },
      { cookie, openness: "public-edit" },
    );
    hidden = await createDatasetViaApi(server, { title: "Hidden" }, { cookie, openness: "private" });
    const client = await connectClient(server.wsUrl, dataset.documentName);
    const view = new DatasetView(client.doc);
    ids = Object.fromEntries(view.columns().map((c) => [c.name, c.id]));
    const { Nom, Site, Lat, Lon } = ids as Record<string, ColumnId>;
    insertRows(
      client.doc,
      [
        {
          cells: {
            [Nom as string]: "<b>Dijon</b>",
            [Site as string]: "https://dijon.example",
            [Lat as string]: 47.32,
            [Lon as string]: 5.04,
          },
        },
        {
          cells: {
            [Nom as string]: "Beaune",
            [Site as string]: "javascript:alert(1)",
            [Lat as string]: 47.02,
            [Lon as string]: 4.84,
          },
        },
        { cells: { [Nom as string]: "Nowhere" } },
      ],
      view.gapAtEnd(),
      "test",
    );
    await whenAcknowledged(client);
    view.destroy();
    client.provider.destroy();
    await waitFor(async () => expect((await embed()).html).toContain("Nowhere"));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("shows the rows as a table, escaping the data and linking only web addresses", async () => {
    const page = await embed();
    expect(page.status).toBe(200);
    expect(page.html).toContain("<title>Lieux &lt;numériques&gt;</title>");
    expect(page.html).toContain("<td>&lt;b&gt;Dijon&lt;/b&gt;</td>");
    expect(page.html).not.toContain("<b>Dijon</b>");
    expect(page.html).toContain('<a href="https://dijon.example"');
    expect(page.html).not.toContain('href="javascript:');
    expect(page.html.match(/<tr>/g)).toHaveLength(4); // the header and three rows
    expect(page.html).not.toMatch(/yjs|\/collab/);
    // Framable anywhere; the only script is the refresh, allowed by its hash (it survives a 304).
    const csp = page.headers.get("content-security-policy") as string;
    expect(csp).toContain("frame-ancestors *");
    const script = /<script>(.*?)<\/script>/s.exec(page.html)?.[1] ?? "";
    expect(csp).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
    expect(page.html.match(/<script/g)).toHaveLength(1);
  });

  it("speaks the visitor's language when the address does not say, and gzips the page when accepted", async () => {
    const page = await embed("", dataset.id, { "accept-language": "es-ES,es;q=0.9,fr;q=0.5" });
    expect(page.html).toContain('<html lang="es">');
    expect(page.headers.get("vary")).toContain("Accept-Language");
    const raw = await fetch(`${server.url}/embed/${dataset.id}`, { headers: { "accept-encoding": "gzip" } });
    // fetch decodes the body itself; the header says what travelled.
    expect(raw.headers.get("content-encoding")).toBe("gzip");
    expect(await raw.text()).toContain("Beaune");
  });

  it("shows cards, a map of the rows with coordinates, filtered and in the language asked", async () => {
    const cards = await embed(`?view=cards&lang=fr`);
    expect(cards.html.match(/<article>/g)).toHaveLength(3);
    expect(cards.html).toContain("3 lignes");
    const map = await embed(`?view=map&columns=${ids.Nom}`);
    // The points with coordinates, for the map script, labelled by the first column shown; the
    // coordinates come along though not asked for; no text can close the data's <script>.
    const points = mapData(map.html);
    expect(points.points).toEqual([
      [47.32, 5.04, expect.any(String), "<b>Dijon</b>"],
      [47.02, 4.84, expect.any(String), "Beaune"],
    ]);
    expect(points.columns.map((c: { name: string }) => c.name)).toEqual(["Nom"]);
    expect(map.html).not.toContain("<b>Dijon</b>");
    expect(map.html).toContain("2 on the map · 1 without coordinates");
    const filtered = await embed(`?filter=${ids.Lat}:gt:47.1&columns=${ids.Nom}`);
    expect(filtered.html).toContain("Dijon");
    expect(filtered.html).not.toContain("Beaune");
    expect(filtered.html).not.toContain("dijon.example"); // only the columns asked for
    // Columns named as a person reads them, as well as by id: the same page.
    const byName = await embed("?filter=Lat:gt:47.1&columns=Nom,Site&sort=-Nom");
    expect(byName.status).toBe(200);
    expect(byName.html).toContain("Dijon");
    expect(byName.html).not.toContain("Beaune");
    expect(byName.html).toContain("dijon.example");
  });

  it("lets only the owner restrict the sites that may frame the embed, sent as CSP frame-ancestors", async () => {
    const stranger = (await createUserSession(data.dir)).cookie;
    expect((await putSites(["https://hub.example"], stranger)).status).toBe(403); // may read, not change
    const refused = await putSites([
      "https://hub.example/page",
      "javascript:alert(1)",
      "https://a.example; script-src *",
    ]);
    expect(refused.status).toBe(400);
    const saved = await putSites(["https://Hub.example/", "https://*.partner.example", "http://127.0.0.1:8080"]);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({
      sites: ["https://hub.example", "https://*.partner.example", "http://127.0.0.1:8080"],
    });
    const read = await fetch(`${server.url}/api/datasets/${dataset.id}/embed-settings`);
    expect(await read.json()).toEqual({
      sites: ["https://hub.example", "https://*.partner.example", "http://127.0.0.1:8080"],
    });
    const csp = (await embed()).headers.get("content-security-policy");
    expect(csp).toContain("frame-ancestors 'self' https://hub.example https://*.partner.example http://127.0.0.1:8080");
    expect((await putSites([])).status).toBe(200);
    expect((await embed()).headers.get("content-security-policy")).toContain("frame-ancestors *");
    const hiddenSettings = await fetch(`${server.url}/api/datasets/${hidden.id}/embed-settings`);
    expect(hiddenSettings.status).toBe(404);
  });

  it("answers 404 for a private or unknown dataset and 400 for a bad option", async () => {
    expect((await embed("", hidden.id)).status).toBe(404);
    expect((await embed("", "nosuchdata12")).status).toBe(404);
    // Visitors of a partner's page read why in the embed's language, else their browser's.
    expect((await embed("?lang=fr", hidden.id)).html).toContain(
      'lang="fr"><meta charset="utf-8"><title>Aucun jeu de données public à cette adresse.</title>',
    );
    expect((await embed("", hidden.id, { "accept-language": "es-ES,es;q=0.9" })).html).toContain(
      "<p>Ningún conjunto de datos público en esta dirección.</p>",
    );
    expect((await embed("", "nosuchdata12")).html).toContain("<p>No such public dataset.</p>");
    expect((await embed("?view=globe")).status).toBe(400);
    const bad = await embed("?filter=nocol1:eq:1");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("no column");
    // The option is the snippet writer's text, shown as text.
    const tagged = await embed(`?columns=${encodeURIComponent("<img src=x>")}`);
    expect(tagged.status).toBe(400);
    expect(tagged.html).toContain("<p>columns: no column &quot;&lt;img src=x&gt;&quot;</p>");
  });

  it("answers 304 to a cache holding the same page, and a fresh page once the data changed", async () => {
    const first = await embed("?view=cards");
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^".+"$/);
    expect((await embed("?view=cards", dataset.id, { "if-none-match": etag })).status).toBe(304);
    expect((await embed("?view=grid", dataset.id, { "if-none-match": etag })).status).toBe(200);
    const client = await connectClient(server.wsUrl, dataset.documentName);
    const view = new DatasetView(client.doc);
    insertRows(client.doc, [{ cells: { [ids.Nom as string]: "Auxerre" } }], view.gapAtEnd(), "test");
    await whenAcknowledged(client);
    view.destroy();
    client.provider.destroy();
    await waitFor(async () => expect((await embed("?view=cards")).html).toContain("Auxerre"));
    expect((await embed("?view=cards", dataset.id, { "if-none-match": etag })).status).toBe(200);
  });
});
