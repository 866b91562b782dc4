/**
 * Embed weight: the bytes a first visit of /embed/{id} transfers (HTML, scripts, styles, the API
 * call of an opened point; map tiles counted apart, they come from the tile provider), for the
 * France Services directory (2,683 rows, 2,653 with coordinates) as a table, cards and a map, in
 * Chromium at phone size. Baseline, same run: the app's own dataset page opening the same dataset
 * (its scripts and the collaboration document over the WebSocket), as a person with access does.
 * A repeat visit of the map shows what the browser's cache keeps (the Leaflet bundle is immutable).
 *   npm run bench -- --only embeds
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../e2e/support/api.ts";
import { launchBrowser } from "../../e2e/support/browser.ts";
import { startTileServer } from "../../e2e/support/loopbackSites.ts";
import { importCsv } from "../../e2e/support/proposals.ts";
import { startTestServer } from "../../e2e/support/server.ts";
import { ensureBuilt } from "./browser.ts";
import { markdownTable, type Section } from "./report.ts";
import { median } from "./stats.ts";

export type EmbedBytesOptions = { rounds: number };
export const defaultEmbedBytesOptions: EmbedBytesOptions = { rounds: 3 };

const DATA = new URL("../../../shared/data/places/france-services-2022.csv", import.meta.url);
/** "Light enough for a phone": a first visit of the map embed under this many bytes (tiles apart). */
const MAP_BUDGET = 300_000;

type Visit = { bytes: number; requests: number; tiles: number };

/** Bytes transferred (as encoded on the wire) until `ready` holds, by request and WebSocket frame. */
async function measure(page: Page, url: string, ready: (page: Page) => Promise<unknown>): Promise<Visit> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const tileRequests = new Set<string>();
  const sizes = new Map<string, number>();
  let frames = 0;
  cdp.on("Network.requestWillBeSent", (event) => {
    if (/\/\d+\/\d+\/\d+\.png$/.test(event.request.url)) tileRequests.add(event.requestId);
  });
  cdp.on("Network.loadingFinished", (event) => sizes.set(event.requestId, event.encodedDataLength));
  cdp.on("Network.webSocketFrameReceived", (event) => {
    frames += event.response.payloadData.length * 0.75; // binary frames arrive base64-encoded
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState("networkidle");
  let bytes = Math.round(frames);
  let requests = 0;
  for (const [id, size] of sizes) {
    if (tileRequests.has(id)) continue;
    bytes += size;
    requests++;
  }
  await cdp.detach();
  return { bytes, requests, tiles: tileRequests.size };
}

export async function runEmbedBytes(options: EmbedBytesOptions, log: (line: string) => void): Promise<Section> {
  await ensureBuilt(log);
  const tiles = await startTileServer();
  const server = await startTestServer({ MAP_TILE_URL: `${tiles.url}/{z}/{x}/{y}.png`, LOG_LEVEL: "warn" });
  const browser: Browser = await launchBrowser();
  const visits: Record<string, Visit[]> = {};
  const record = (name: string, visit: Visit) => {
    visits[name] = [...(visits[name] ?? []), visit];
  };
  try {
    const owner = await createPerson(server, "Bench");
    const dataset = await importCsv(server, owner, "France Services", readFileSync(DATA, "utf8"));
    for (;;) {
      if ((await fetch(`${server.url}/embed/${dataset.id}`)).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const cases: [string, string, (page: Page) => Promise<unknown>][] = [
      ["embed, table (200 rows)", `/embed/${dataset.id}?view=grid`, (p) => p.getByRole("table").waitFor()],
      ["embed, cards (200 rows)", `/embed/${dataset.id}?view=cards`, (p) => p.getByRole("article").first().waitFor()],
      [
        "embed, map (2,653 points)",
        `/embed/${dataset.id}?view=map`,
        (p) => p.locator('#map[data-points="2653"]').waitFor(),
      ],
      [
        "app dataset page (baseline)",
        `/datasets/${dataset.id}`,
        (p) => p.locator(".ag-row .ag-cell").first().waitFor({ timeout: 120_000 }),
      ],
    ];
    for (let round = 0; round < options.rounds; round++) {
      for (const [name, url, ready] of cases) {
        const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 760 } });
        const page = await context.newPage();
        const first = await measure(page, url, ready);
        record(name, first);
        log(`  ${name}: ${first.bytes} bytes in ${first.requests} requests (+${first.tiles} tiles)`);
        if (name.startsWith("embed, map")) {
          const again = await measure(page, url, ready);
          record("embed, map, repeat visit", again);
          log(`  embed, map, repeat visit: ${again.bytes} bytes`);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.dispose();
    await tiles.close();
  }
  const medianOf = (name: string) => median((visits[name] ?? []).map((v) => v.bytes));
  const baseline = medianOf("app dataset page (baseline)");
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const rows = Object.entries(visits).map(([name, list]) => [
    name,
    kB(medianOf(name)),
    list[0]?.requests ?? 0,
    list[0]?.tiles ?? 0,
    (medianOf(name) / baseline).toFixed(3),
  ]);
  const map = medianOf("embed, map (2,653 points)");
  return {
    title: "Embed weight",
    markdown: [
      `France Services directory (2,683 rows × 23 columns), first visit in Chromium at phone size (390 × 760), empty cache; median of ${options.rounds} rounds. Bytes as transferred (compressed: the embed's HTML gzip, its scripts brotli), tiles from a loopback tile server counted apart. Baseline: the app's dataset page on the same dataset (app scripts and the collaboration document over the WebSocket, until the first row shows).`,
      "",
      markdownTable(["Page", "Bytes", "Requests", "Tiles", "ratio to the app page"], rows),
    ].join("\n"),
    targets: [
      {
        name: `map embed first visit <= ${kB(MAP_BUDGET)} (tiles apart)`,
        pass: map <= MAP_BUDGET,
        detail: `${kB(map)}, ${(map / baseline).toFixed(3)} × the app page (${kB(baseline)})`,
      },
    ],
  };
}
