/**
 * Publishing: a dataset's published snapshot and the /api/v1 reads served from it. On a fresh
 * server holding one public dataset of `rows` rows (20 columns): how long the snapshot takes to
 * build in the worker (at start, and after one edit, from the server's log) and to appear after the
 * edit; then the latency of snapshot downloads (brotli and plain, as sent: bytes not decoded),
 * of a 304 revalidation, and of rows pages, one request at a time, and their rate with 8 at a time;
 * against the same snapshot bytes served by a bare node:http server.
 */

import type { ChildProcess } from "node:child_process";
import http from "node:http";
import os from "node:os";
import * as Y from "yjs";
import { connectClient, whenAcknowledged } from "../../server/test/testServer.ts";
import { DatasetView, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { withTimeout } from "./async.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { seedDataset, startServer, stopProcess, tempDir } from "./processes.ts";
import { formatMB, formatMs, markdownTable, type Section, type Target } from "./report.ts";
import { median, percentile } from "./stats.ts";

export type PublishOptions = { rows: number; requests: number; edits: number };

const TARGETS = { buildMs: 10_000, snapshotP99Ms: 200, rows25P99Ms: 50 };

type Sample = {
  name: string;
  path: string;
  headers?: Record<string, string>;
  bytes: number;
  ms: number[];
  perSecond: number;
};

/** "snapshot built" lines of the server's log, as they come. */
function watchBuilds(child: ChildProcess) {
  const builds: { ms: number; etag: string; at: number }[] = [];
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.includes('"snapshot built"')) continue;
      const entry = JSON.parse(line) as { ms: number; etag: string };
      builds.push({ ms: entry.ms, etag: entry.etag, at: performance.now() });
    }
  });
  return builds;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; bytes: number; etag: string }>((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, etag: String(res.headers.etag ?? "") }));
      })
      .on("error", reject);
  });
}

async function sample(
  base: string,
  name: string,
  path: string,
  requests: number,
  headers: Record<string, string> = {},
) {
  const ms: number[] = [];
  let bytes = 0;
  const expected = headers["if-none-match"] ? 304 : 200;
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const answer = await get(`${base}${path}`, headers);
    ms.push(performance.now() - started);
    if (answer.status !== expected) throw new Error(`${path}: ${answer.status}`);
    bytes = answer.bytes;
  }
  // 8 at a time, for throughput.
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (done < requests) {
        done++;
        await get(`${base}${path}`, headers);
      }
    }),
  );
  const perSecond = (requests / (performance.now() - started)) * 1000;
  return { name, path, headers, bytes, ms, perSecond } satisfies Sample;
}

export async function runPublish(options: PublishOptions, log: (line: string) => void): Promise<Section> {
  const doc = buildBenchDoc(options.rows);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  const data = tempDir("publish");
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const documentName = await seedDataset(data.dir, `Publish ${options.rows}`, state, "public-edit");
    const datasetId = documentName.split(".")[1] as string;
    server = await startServer(data.dir, { LOG_LEVEL: "info", API_REQUESTS_PER_MINUTE: "1000000" });
    const builds = watchBuilds(server.child);
    await withTimeout(
      (async () => {
        while (builds.length === 0) await new Promise((r) => setTimeout(r, 50));
      })(),
      600_000,
      "first snapshot",
    );
    const startBuildMs = builds[0]?.ms ?? Number.NaN;
    log(`  ${options.rows.toLocaleString("en")} rows: first build at start ${formatMs(startBuildMs)}`);

    // Edits through a real provider; each is followed by a rebuild (SNAPSHOT_DELAY_MS, default 1 s).
    const client = await connectClient(server.wsUrl, documentName);
    const view = new DatasetView(client.doc);
    const column = view.columns()[0]?.id as ColumnId;
    const row = view.rowsInOrder()[0]?.id;
    const afterEdit: number[] = [];
    const editBuildMs: number[] = [];
    for (let i = 0; i < options.edits; i++) {
      const before = builds.length;
      const edited = performance.now();
      setCells(client.doc, [{ rowId: row as never, columnId: column, value: `edit ${i}` }], "bench");
      await whenAcknowledged(client);
      await withTimeout(
        (async () => {
          while (builds.length === before) await new Promise((r) => setTimeout(r, 10));
        })(),
        600_000,
        "rebuild",
      );
      const build = builds[before] as (typeof builds)[number];
      afterEdit.push(build.at - edited);
      editBuildMs.push(build.ms);
    }
    view.destroy();
    client.provider.destroy();
    log(
      `  rebuild after an edit ${formatMs(median(editBuildMs))}, visible ${formatMs(median(afterEdit))} after the edit`,
    );

    const base = server.url;
    const dataset = `/api/v1/datasets/${datasetId}`;
    const etag = (await get(`${base}${dataset}/snapshot.json`)).etag;
    const cold = performance.now();
    await get(`${base}${dataset}/rows?limit=25`);
    const coldRowsMs = performance.now() - cold;
    const n = options.requests;
    const samples: Sample[] = [
      await sample(base, "snapshot.json, brotli", `${dataset}/snapshot.json`, n, { "accept-encoding": "br" }),
      await sample(base, "snapshot.json, plain", `${dataset}/snapshot.json`, Math.max(5, n / 10)),
      await sample(base, "snapshot.csv, gzip", `${dataset}/snapshot.csv`, n, { "accept-encoding": "gzip" }),
      await sample(base, "snapshot.json, 304", `${dataset}/snapshot.json`, n, { "if-none-match": etag }),
      await sample(base, "rows?limit=25", `${dataset}/rows?limit=25`, n),
      await sample(base, "rows?limit=1000", `${dataset}/rows?limit=1000`, n),
      await sample(
        base,
        "rows, filter + sort, limit=25",
        `${dataset}/rows?limit=25&filter=${column}:contains:dijon&sort=-${column}`,
        n,
      ),
    ];
    // Baseline: the same brotli bytes from a bare node:http server (in this process), same client.
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      http
        .get(`${base}${dataset}/snapshot.json`, { agent, headers: { "accept-encoding": "br" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve(Buffer.concat(chunks)));
        })
        .on("error", reject);
    });
    const bare = http.createServer((_req, res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "br",
        "content-length": bytes.byteLength,
      });
      res.end(bytes);
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const address = bare.address() as { port: number };
    samples.push(
      await sample(`http://127.0.0.1:${address.port}`, "baseline: same brotli bytes, bare node:http", "/", n),
    );
    await new Promise((resolve) => bare.close(resolve));
    for (const s of samples)
      log(
        `  ${s.name}: p50 ${formatMs(percentile(s.ms, 50))}, p99 ${formatMs(percentile(s.ms, 99))}, ${Math.round(s.perSecond)}/s (8 at a time), ${formatMB(s.bytes)}`,
      );
    return summarize(options, {
      startBuildMs,
      editBuildMs,
      afterEdit,
      coldRowsMs,
      samples,
      load: os.loadavg()[0] ?? 0,
    });
  } finally {
    if (server) await stopProcess(server.child);
    agent.destroy();
    data.remove();
  }
}

function summarize(
  options: PublishOptions,
  m: {
    startBuildMs: number;
    editBuildMs: number[];
    afterEdit: number[];
    coldRowsMs: number;
    samples: Sample[];
    load: number;
  },
): Section {
  const byName = (name: string) => m.samples.find((s) => s.name === name) as Sample;
  const builds = markdownTable(
    [
      "rows",
      "build at start (worker starting)",
      "rebuild after an edit (median)",
      "edit to new snapshot (median)",
      "first rows request (parses the model)",
    ],
    [
      [
        options.rows.toLocaleString("en"),
        formatMs(m.startBuildMs),
        formatMs(median(m.editBuildMs)),
        formatMs(median(m.afterEdit)),
        formatMs(m.coldRowsMs),
      ],
    ],
  );
  const reads = markdownTable(
    ["request", "bytes sent", "p50", "p99", "requests/s, 8 at a time"],
    m.samples.map((s) => [
      s.name,
      formatMB(s.bytes),
      formatMs(percentile(s.ms, 50)),
      formatMs(percentile(s.ms, 99)),
      Math.round(s.perSecond),
    ]),
  );
  const targets: Target[] = [
    {
      name: `snapshot rebuild of ${options.rows.toLocaleString("en")} rows < ${TARGETS.buildMs / 1000} s`,
      pass: median(m.editBuildMs) < TARGETS.buildMs,
      detail: formatMs(median(m.editBuildMs)),
    },
    {
      name: `snapshot.json (brotli) p99 < ${TARGETS.snapshotP99Ms} ms`,
      pass: percentile(byName("snapshot.json, brotli").ms, 99) < TARGETS.snapshotP99Ms,
      detail: formatMs(percentile(byName("snapshot.json, brotli").ms, 99)),
    },
    {
      name: `rows?limit=25 p99 < ${TARGETS.rows25P99Ms} ms`,
      pass: percentile(byName("rows?limit=25").ms, 99) < TARGETS.rows25P99Ms,
      detail: formatMs(percentile(byName("rows?limit=25").ms, 99)),
    },
  ];
  return {
    title: "Publishing: snapshot and /api/v1 reads",
    markdown: `One public dataset of ${options.rows.toLocaleString("en")} rows × 20 columns on a fresh server; ${options.requests} requests each, one at a time (latency), then 8 at a time (rate), from the same machine; bytes as sent (compressed when asked); the baseline serves the same brotli bytes from a bare node:http server in the benchmark's own process. The snapshot is built in the worker thread from the stored document; a build after an edit waits SNAPSHOT_DELAY_MS (1 s) first. Load average at the end of the run: ${m.load.toFixed(1)} (other work on the machine slows every figure).\n\n${builds}\n\n${reads}`,
    targets,
  };
}
