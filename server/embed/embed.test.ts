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

/** /embed/{id} on a real server: the snapshot as grid, cards and map, escaped, filtered, public only. */
describe("/embed/{id}", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let dataset: DatasetSummary;
  let hidden: DatasetSummary;
  let ids: Record<string, ColumnId>;

  const embed = async (query = "", id = dataset.id) => {
    const response = await fetch(`${server.url}/embed/${id}${query}`);
    return { status: response.status, headers: response.headers, html: await response.text() };
  };

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { SNAPSHOT_DELAY_MS: "20" });
    const { cookie } = await createUserSession(data.dir);
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
    // Framable anywhere; the only script is the refresh, allowed by its nonce.
    const csp = page.headers.get("content-security-policy") as string;
    expect(csp).toContain("frame-ancestors *");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(page.html).toContain(`<script nonce="${nonce}">`);
    expect(page.html.match(/<script/g)).toHaveLength(1);
  });

  it("shows cards, a map of the rows with coordinates, filtered and in the language asked", async () => {
    const cards = await embed(`?view=cards&lang=fr`);
    expect(cards.html.match(/<article>/g)).toHaveLength(3);
    expect(cards.html).toContain("3 lignes");
    const map = await embed(`?view=map&columns=${ids.Nom}`);
    expect(map.html.match(/<circle /g)).toHaveLength(2);
    expect(map.html).toContain("<title>&lt;b&gt;Dijon&lt;/b&gt;</title>");
    const filtered = await embed(`?filter=${ids.Lat}:gt:47.1&columns=${ids.Nom}`);
    expect(filtered.html).toContain("Dijon");
    expect(filtered.html).not.toContain("Beaune");
    expect(filtered.html).not.toContain("dijon.example"); // only the columns asked for
  });

  it("answers 404 for a private or unknown dataset and 400 for a bad option", async () => {
    expect((await embed("", hidden.id)).status).toBe(404);
    expect((await embed("", "nosuchdata12")).status).toBe(404);
    expect((await embed("?view=globe")).status).toBe(400);
    const bad = await embed("?filter=nocol1:eq:1");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("no column");
  });
});
