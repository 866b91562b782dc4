/**
 * Dataset size: for datasets of growing row counts (20 columns), the encoded size, how long our
 * server takes to load the document from SQLite, how long a fresh client takes to sync, and the
 * heap that client holds once it has the document and its DatasetView. Each round starts a fresh
 * server on a fresh SQLite file; its first client pays the load, a second one finds it in memory.
 */
import type { ChildProcess } from "node:child_process";
import * as Y from "yjs";
import { withTimeout } from "./async.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { forkScript, seedDataset, startServer, stopProcess, tempDir } from "./processes.ts";
import { formatMB, formatMs, markdownTable, type Section, type Target } from "./report.ts";
import type { SizeClientResult } from "./sizeClient.ts";
import { median } from "./stats.ts";

export type SizeOptions = { sizes: number[]; rounds: number };

const TARGETS = { serverLoadMs: 1500, heapBytes: 400e6, syncMs: 3000 };

type Measure = {
  rows: number;
  buildMs: number;
  v1Bytes: number;
  v2Bytes: number;
  /** From the server's log: document loaded minus connection opened, per round. */
  serverLoadMs: (number | null)[];
  firstSyncMs: number[];
  freshSyncMs: number[];
  viewMs: number[];
  heapBytes: number[];
};

export async function runSize(options: SizeOptions, log: (line: string) => void): Promise<Section> {
  const measures: Measure[] = [];
  for (const rows of options.sizes) {
    const measure = await measureSize(rows, options.rounds);
    log(
      `  ${rows.toLocaleString("en")} rows: ${formatMB(measure.v1Bytes)}, server load ${formatMs(medianOf(measure.serverLoadMs))}, fresh sync ${formatMs(median(measure.freshSyncMs))}, heap ${formatMB(median(measure.heapBytes))}`,
    );
    measures.push(measure);
  }
  return summarize(measures, options);
}

async function measureSize(rows: number, rounds: number): Promise<Measure> {
  const building = performance.now();
  const doc = buildBenchDoc(rows);
  const buildMs = performance.now() - building;
  const state = Y.encodeStateAsUpdate(doc);
  const measure: Measure = {
    rows,
    buildMs,
    v1Bytes: state.byteLength,
    v2Bytes: Y.encodeStateAsUpdateV2(doc).byteLength,
    serverLoadMs: [],
    firstSyncMs: [],
    freshSyncMs: [],
    viewMs: [],
    heapBytes: [],
  };
  doc.destroy();
  for (let round = 0; round < rounds; round++) {
    const data = tempDir("size");
    let server: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      const documentName = await seedDataset(data.dir, `Size ${rows}`, state);
      server = await startServer(data.dir, { LOG_LEVEL: "debug" });
      const loadTime = watchDocumentLoad(server.child, documentName);
      const first = await runClient(server.wsUrl, documentName);
      const fresh = await runClient(server.wsUrl, documentName);
      for (const client of [first, fresh]) {
        if (client.rows !== rows) throw new Error(`a client saw ${client.rows} rows instead of ${rows}`);
      }
      measure.serverLoadMs.push(loadTime());
      measure.firstSyncMs.push(first.syncMs);
      measure.freshSyncMs.push(fresh.syncMs);
      measure.viewMs.push(first.viewMs, fresh.viewMs);
      measure.heapBytes.push(first.heapBytes, fresh.heapBytes);
    } finally {
      if (server) await stopProcess(server.child);
      data.remove();
    }
  }
  return measure;
}

/** A fresh client in its own process (see sizeClient.ts). */
async function runClient(wsUrl: string, documentName: string): Promise<SizeClientResult> {
  const child = forkScript("sizeClient.ts", [wsUrl, documentName], ["--expose-gc"]);
  const result = new Promise<SizeClientResult>((resolve, reject) => {
    child.once("message", (message) => resolve(message as SizeClientResult));
    child.once("exit", (code) => reject(new Error(`size client exited (${code}) without a result`)));
  });
  try {
    return await withTimeout(result, 180_000, "size client");
  } finally {
    await stopProcess(child);
  }
}

/**
 * The server-side load time of a document, read from the server's debug log (loggingExtension):
 * from "connection opening" (Hocuspocus onConnect) to "document loaded" (afterLoadDocument).
 * Returns a getter: null until both lines were seen.
 */
function watchDocumentLoad(server: ChildProcess, documentName: string): () => number | null {
  const times = new Map<string, number>();
  let pending = "";
  server.stdout?.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { msg?: string; time?: number; documentName?: string };
        if (entry.documentName === documentName && entry.msg && entry.time && !times.has(entry.msg)) {
          times.set(entry.msg, entry.time);
        }
      } catch {
        // Not a log line.
      }
    }
  });
  return () => {
    const opened = times.get("connection opening");
    const loaded = times.get("document loaded");
    return opened === undefined || loaded === undefined ? null : loaded - opened;
  };
}

const medianOf = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
};

function summarize(measures: Measure[], options: SizeOptions): Section {
  const table = markdownTable(
    [
      "Rows × 20",
      "V1 state",
      "V2 state",
      "Build (fixture)",
      "Server load",
      "First sync (server cold)",
      "Fresh sync (server warm)",
      "DatasetView build",
      "Client heap",
    ],
    measures.map((m) => [
      m.rows.toLocaleString("en"),
      formatMB(m.v1Bytes),
      formatMB(m.v2Bytes),
      formatMs(m.buildMs),
      formatMs(medianOf(m.serverLoadMs)),
      formatMs(median(m.firstSyncMs)),
      formatMs(median(m.freshSyncMs)),
      formatMs(median(m.viewMs)),
      formatMB(median(m.heapBytes)),
    ]),
  );
  const intro = [
    `Medians over ${options.rounds} round(s); each round seeds a fresh SQLite file, starts \`node server/main.ts\` and connects two fresh clients, one after the other, each in its own Node process.`,
    'Server load: from the server\'s debug log, "connection opening" (onConnect) to "document loaded" (afterLoadDocument), i.e. reading SQLite, applying snapshot and log, schema checks.',
    "First sync: the first client's connect-to-synced time, which includes the server load; fresh sync: the second client's, with the document already in the server's memory (encode, transfer, apply).",
    "Client heap: heapUsed after gc, with the synced Y.Doc, its provider and a DatasetView with rows in order, minus heapUsed after gc before connecting.",
    "For scale, not measured by this run: the naive model (one Y.Map per row) measured in the research notes took 674 MB of heap, 36.7 MB (V1) and 4–6 s to load at 100,000 × 20.",
  ].join(" ");
  const largest = measures[measures.length - 1];
  return {
    title: "Dataset size",
    markdown: `${intro}\n\n${table}`,
    targets: largest ? sizeTargets(largest) : [],
  };
}

function sizeTargets(m: Measure): Target[] {
  const at = `at ${m.rows.toLocaleString("en")} × 20`;
  const load = medianOf(m.serverLoadMs);
  const heap = median(m.heapBytes);
  const sync = median(m.freshSyncMs);
  return [
    {
      name: `server load ${at} < ${formatMs(TARGETS.serverLoadMs)}`,
      pass: load !== null && load < TARGETS.serverLoadMs,
      detail: formatMs(load),
    },
    {
      name: `client heap ${at} < ${formatMB(TARGETS.heapBytes)}`,
      pass: heap < TARGETS.heapBytes,
      detail: formatMB(heap),
    },
    {
      name: `cold sync of a fresh client ${at} < ${formatMs(TARGETS.syncMs)}`,
      pass: sync < TARGETS.syncMs,
      detail: `${formatMs(sync)}; with the DatasetView built: ${formatMs(sync + median(m.viewMs))}; first client, server load included: ${formatMs(median(m.firstSyncMs))}`,
    },
  ];
}
