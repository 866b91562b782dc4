/**
 * Browser benchmark: a real Chromium opens a dataset of N rows × 20 columns from our server (the
 * built client from dist/) and we measure
 *   - time to first painted rows: navigation start → the first grid row shows its text, on a first
 *     visit (empty IndexedDB, everything from the server) and a repeat visit (IndexedDB first);
 *   - the page's JS heap after garbage collection, once the grid shows the rows, and again once
 *     "Suggest changes" lays a (new, empty) proposal over them.
 * The dataset is written straight into the server's storage before it starts (seedDataset).
 *   node scripts/bench/browser.ts [rows ...]        (default: 10000 100000)
 * Builds dist/ first if it is missing. Chromium: CHROMIUM_PATH or /usr/bin/chromium.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import * as Y from "yjs";
import { launchBrowser } from "../../e2e/support/browser.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { seedDataset, startServer, stopProcess, tempDir } from "./processes.ts";
import { formatMB, formatMs, markdownTable, type Section, type Target } from "./report.ts";
import { median } from "./stats.ts";

export type BrowserOptions = { rows: number[]; rounds: number };
export const defaultBrowserOptions: BrowserOptions = { rows: [10_000, 100_000], rounds: 2 };

type Measure = {
  rows: number;
  firstVisitMs: number[];
  repeatVisitMs: number[];
  heapBytes: number[];
  suggestingHeapBytes: number[];
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIRST_ROWS_TIMEOUT = Number(process.env.FIRST_ROWS_TIMEOUT_MS ?? 180_000);

export async function runBrowser(options: BrowserOptions, log: (line: string) => void): Promise<Section> {
  await ensureBuilt(log);
  const browser = await launchBrowser(["--enable-precise-memory-info"]);
  const measures: Measure[] = [];
  try {
    for (const rows of options.rows) {
      log(`browser: ${rows} rows × 20 columns`);
      measures.push(await measureRows(browser, rows, options.rounds, log));
    }
  } finally {
    await browser.close();
  }
  return summarize(measures, options);
}

async function measureRows(browser: Browser, rows: number, rounds: number, log: (line: string) => void) {
  const doc = buildBenchDoc(rows);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  const measure: Measure = { rows, firstVisitMs: [], repeatVisitMs: [], heapBytes: [], suggestingHeapBytes: [] };
  for (let round = 0; round < rounds; round++) {
    const data = tempDir("browser");
    const documentName = await seedDataset(data.dir, `Bench ${rows}`, state);
    const datasetId = documentName.split(".")[1] as string;
    const server = await startServer(data.dir);
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const first = await timeToFirstRows(page, `/datasets/${datasetId}`).catch(async (error: Error) => {
        const text = await page
          .locator("main")
          .textContent()
          .catch(() => "");
        throw new Error(`${error.message}\npage shows: ${(text ?? "").slice(0, 500)}`);
      });
      await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({
        timeout: FIRST_ROWS_TIMEOUT,
      });
      const heap = await heapAfterGc(page);
      await page.getByRole("button", { name: "Suggest changes", exact: true }).click();
      await page.getByRole("form", { name: "Suggesting changes" }).waitFor({ timeout: FIRST_ROWS_TIMEOUT });
      const suggestingHeap = await heapAfterGc(page);
      await waitStoredLocally(page);
      const repeat = await timeToFirstRows(page, `/datasets/${datasetId}`);
      measure.firstVisitMs.push(first);
      measure.repeatVisitMs.push(repeat);
      measure.heapBytes.push(heap);
      measure.suggestingHeapBytes.push(suggestingHeap);
      log(
        `  round ${round + 1}: first ${formatMs(first)}, repeat ${formatMs(repeat)}, heap ${formatMB(heap)}, ` +
          `suggesting ${formatMB(suggestingHeap)}`,
      );
    } finally {
      await context.close();
      await stopProcess(server.child);
      data.remove();
    }
  }
  return measure;
}

/** Navigates and returns the page's own clock (ms since navigation start) when the first row shows text. */
async function timeToFirstRows(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    () => {
      const cells = document.querySelectorAll('.ag-row[row-index="0"] .ag-cell[col-id]');
      return [...cells].some((cell) => cell.textContent?.trim()) ? performance.now() : null;
    },
    undefined,
    { polling: "raf", timeout: FIRST_ROWS_TIMEOUT },
  );
  return (await handle.jsonValue()) as number;
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  await cdp.detach();
  return metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Number.NaN;
}

/** The repeat visit is only meaningful once the first visit's copy is in IndexedDB. */
async function waitStoredLocally(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith("data-patch:"));
      if (names.length === 0) return false;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(names[0] as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const count = await new Promise<number>((resolve, reject) => {
        const request = db.transaction("updates").objectStore("updates").count();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return count > 0;
    },
    undefined,
    { timeout: FIRST_ROWS_TIMEOUT, polling: 200 },
  );
}

export async function ensureBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(path.join(ROOT, "dist/index.html"))) return;
  log("browser: building the client (vite build)");
  const { build } = await import("vite");
  await build({ root: ROOT, configFile: path.join(ROOT, "vite.config.ts"), mode: "production", logLevel: "warn" });
}

function summarize(measures: Measure[], options: BrowserOptions): Section {
  const table = markdownTable(
    [
      "Rows × 20 columns",
      "First visit: first rows painted",
      "Repeat visit (IndexedDB first)",
      "JS heap after GC",
      "JS heap while suggesting",
    ],
    measures.map((m) => [
      m.rows.toLocaleString("en"),
      formatMs(median(m.firstVisitMs)),
      formatMs(median(m.repeatVisitMs)),
      formatMB(median(m.heapBytes)),
      formatMB(median(m.suggestingHeapBytes)),
    ]),
  );
  const targets: Target[] = [];
  for (const m of measures) {
    if (m.rows === 10_000) {
      targets.push({
        name: "10k rows painted in under 2 s on a first visit",
        pass: median(m.firstVisitMs) < 2000,
        detail: formatMs(median(m.firstVisitMs)),
      });
    }
    if (m.rows === 100_000) {
      targets.push({
        name: "100k rows painted in under 3 s on a first visit",
        pass: median(m.firstVisitMs) < 3_000,
        detail: formatMs(median(m.firstVisitMs)),
      });
      targets.push({
        name: "100k rows fit in under 1 GB of JS heap",
        pass: median(m.heapBytes) < 1e9,
        detail: formatMB(median(m.heapBytes)),
      });
      targets.push({
        name: "suggesting changes on 100k rows adds under 20% to the JS heap (the proposal is laid over the live rows)",
        pass: median(m.suggestingHeapBytes) < 1.2 * median(m.heapBytes),
        detail: `${formatMB(median(m.suggestingHeapBytes))} against ${formatMB(median(m.heapBytes))} reading`,
      });
    }
  }
  const markdown = [
    `Headless Chromium, 1280×800, the production build served by \`node server/main.ts\`; median of ${options.rounds} round(s). ` +
      "Time is measured in the page from navigation start to the first grid row showing its text. " +
      "The repeat visit reloads the same page once the dataset is in IndexedDB (the session reads it before connecting). " +
      'Heap while suggesting: after "Suggest changes" opened a new proposal over the same rows (first visit, after GC).',
    "",
    table,
  ].join("\n");
  return { title: "Browser: first rows and memory", markdown, targets };
}

if (import.meta.main) {
  const rows = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const section = await runBrowser(
    { ...defaultBrowserOptions, ...(rows.length ? { rows } : {}), rounds: Number(process.env.ROUNDS ?? 1) },
    console.log,
  );
  console.log(`\n${section.markdown}\n`);
  for (const target of section.targets)
    console.log(`${target.pass ? "PASS" : "FAIL"}  ${target.name}: ${target.detail}`);
  process.exit(0);
}
