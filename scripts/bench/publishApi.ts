/**
 * Issue 11's API targets, each against its baseline in the same run, on a fresh server holding one
 * public dataset of `rows` rows: requests/s of rows?limit=25 and limit=1000 against a bare Fastify
 * route (its own process) sending the same bytes; snapshot.json (brotli) against the same bytes as
 * a static file (@fastify/static, same process); and the edit fan-out latency of our server idle
 * against the same storm while rows?limit=25 is under that load. One client for all: a closed loop
 * of `concurrency` keep-alive connections (scripts/bench/httpLoad.ts).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { withTimeout } from "./async.ts";
import { launchStorm } from "./editStorm.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { closedLoop, type LoadResult } from "./httpLoad.ts";
import { seedDataset, startServer, stopProcess, tempDir } from "./processes.ts";
import { formatMs, markdownTable, type Section, type Target } from "./report.ts";
import { percentile } from "./stats.ts";

export type PublishApiOptions = {
  rows: number;
  concurrency: number;
  /** How long each load runs. */
  seconds: number;
  /** The fan-out storm run idle and under load. */
  storm: { clients: number; ratePerSecond: number; seconds: number };
};

const TARGETS = { rows25PerSecond: 1_000, rows1000PerSecond: 100, maxRowsSlowdown: 2, minSnapshotShare: 0.5 };
/** Alternating rounds of each load, ours then the baseline. */
const ROUNDS = 3;
/** Fan-out p99 under API load / idle: "unchanged", with the noise fanout.ts accepts. */
const MAX_FANOUT_RATIO = 1.2;

function download(url: string, headers: Record<string, string> = {}) {
  return new Promise<Buffer>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: ${res.statusCode}`)),
        );
      })
      .on("error", reject);
  });
}

async function startBare(dir: string) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "bareServer.ts"), dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await withTimeout(
    new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`bare server exited with ${code}: ${output}`)));
    }),
    30_000,
    "bare server start",
  );
  return { url: `http://127.0.0.1:${port}`, child };
}

type Pair = { name: string; ours: LoadResult; baseline: LoadResult; baselineName: string };

export async function runPublishApi(options: PublishApiOptions, log: (line: string) => void): Promise<Section> {
  const data = tempDir("publish-api");
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let bare: Awaited<ReturnType<typeof startBare>> | null = null;
  try {
    const seed = Y.encodeStateAsUpdate(buildBenchDoc(options.rows));
    const documentName = await seedDataset(data.dir, `API ${options.rows}`, seed, "public-edit");
    const datasetId = documentName.split(".")[1] as string;
    server = await startServer(data.dir, { LOG_LEVEL: "warn", API_REQUESTS_PER_MINUTE: "1000000000" });
    const dataset = `${server.url}/api/v1/datasets/${datasetId}`;
    // The first snapshot is built shortly after start: wait until it is served.
    await withTimeout(
      (async () => {
        for (;;) {
          try {
            return await download(`${dataset}/rows?limit=1`);
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      })(),
      300_000,
      "first snapshot",
    );
    const files = path.join(data.dir, "baseline");
    mkdirSync(files);
    writeFileSync(path.join(files, "rows25.json"), await download(`${dataset}/rows?limit=25`));
    writeFileSync(path.join(files, "rows1000.json"), await download(`${dataset}/rows?limit=1000`));
    writeFileSync(path.join(files, "snapshot.json"), await download(`${dataset}/snapshot.json`));
    writeFileSync(
      path.join(files, "snapshot.json.br"),
      await download(`${dataset}/snapshot.json`, { "accept-encoding": "br" }),
    );
    bare = await startBare(files);

    const load = { concurrency: options.concurrency, ms: options.seconds * 1000 };
    const br = { ...load, headers: { "accept-encoding": "br" } };
    const measure = async (name: string, ours: string, baselineName: string, baseline: string, l = load) => {
      // Warm both (JIT, first parse of the model), then alternate rounds (the machine's load
      // drifts) and keep each side's median round.
      await closedLoop(ours, { ...l, ms: 1000 });
      await closedLoop(baseline, { ...l, ms: 1000 });
      const rounds = { ours: [] as LoadResult[], baseline: [] as LoadResult[] };
      for (let round = 0; round < ROUNDS; round++) {
        const roundLoad = { ...l, ms: l.ms / ROUNDS };
        rounds.ours.push(await closedLoop(ours, roundLoad));
        rounds.baseline.push(await closedLoop(baseline, roundLoad));
      }
      const middle = (all: LoadResult[]) =>
        [...all].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(all.length / 2)] as LoadResult;
      const pair = { name, ours: middle(rounds.ours), baselineName, baseline: middle(rounds.baseline) };
      log(
        `  ${name}: ${rounds.ours.map((r) => Math.round(r.perSecond)).join(", ")}/s vs ${rounds.baseline.map((r) => Math.round(r.perSecond)).join(", ")}/s (${baselineName}), load average ${os.loadavg()[0]?.toFixed(1)}`,
      );
      return pair;
    };
    const pairs: Pair[] = [
      await measure("rows?limit=25", `${dataset}/rows?limit=25`, "bare Fastify route", `${bare.url}/route/rows25`),
      await measure(
        "rows?limit=1000",
        `${dataset}/rows?limit=1000`,
        "bare Fastify route",
        `${bare.url}/route/rows1000`,
      ),
      await measure(
        "snapshot.json, brotli",
        `${dataset}/snapshot.json`,
        "static file (@fastify/static)",
        `${bare.url}/static/snapshot.json`,
        br,
      ),
    ];
    for (const p of pairs)
      if (p.ours.failed || p.baseline.failed || p.ours.bytes !== p.baseline.bytes)
        throw new Error(`${p.name}: failures or different bytes (${p.ours.bytes} vs ${p.baseline.bytes})`);
    await stopProcess(bare.child);
    bare = null;

    // Fan-out: the same storm idle, then under rows?limit=25 load, then idle again.
    const storm = async (underLoad: boolean) => {
      const s = await launchStorm({
        protocol: "hocuspocus",
        wsUrl: (server as NonNullable<typeof server>).wsUrl,
        documentName,
        clients: options.storm.clients,
        workers: 2,
        ratePerSecond: options.storm.ratePerSecond,
        editsPerClient: options.storm.ratePerSecond * options.storm.seconds,
        warmupMs: 2000,
        drainMs: 3000,
      });
      const loading = underLoad
        ? closedLoop(`${dataset}/rows?limit=25`, { ...load, ms: (options.storm.seconds + 3) * 1000 })
        : null;
      const result = await s.run();
      const apiLoad = await loading;
      const run = {
        underLoad,
        p50: percentile(result.latenciesMs, 50),
        p99: percentile(result.latenciesMs, 99),
        lost: result.lost,
        apiPerSecond: apiLoad?.perSecond ?? null,
        load: os.loadavg()[0] ?? Number.NaN,
      };
      log(
        `  fan-out ${underLoad ? `under load (${Math.round(run.apiPerSecond ?? 0)} rows requests/s)` : "idle"}: p50 ${formatMs(run.p50)}, p99 ${formatMs(run.p99)}, ${run.lost} lost`,
      );
      return run;
    };
    const fanout = [await storm(false), await storm(true), await storm(false)];
    return summarize(options, pairs, fanout);
  } finally {
    if (bare) await stopProcess(bare.child);
    if (server) await stopProcess(server.child);
    data.remove();
  }
}

type FanoutRun = {
  underLoad: boolean;
  p50: number;
  p99: number;
  lost: number;
  apiPerSecond: number | null;
  load: number;
};

function summarize(options: PublishApiOptions, pairs: Pair[], fanout: FanoutRun[]): Section {
  const [rows25, rows1000, snapshot] = pairs as [Pair, Pair, Pair];
  const ratio = (p: Pair) => p.ours.perSecond / p.baseline.perSecond;
  const idle = fanout.filter((r) => !r.underLoad);
  const loaded = fanout.find((r) => r.underLoad) as FanoutRun;
  const idleP99 = Math.max(...idle.map((r) => r.p99)); // the kinder of the two idle runs for the ratio
  const fanoutRatio = loaded.p99 / idleP99;
  const throughput = markdownTable(
    ["request", "bytes", "ours, requests/s", "baseline", "baseline, requests/s", "ours / baseline"],
    pairs.map((p) => [
      p.name,
      p.ours.bytes.toLocaleString("en"),
      Math.round(p.ours.perSecond),
      p.baselineName,
      Math.round(p.baseline.perSecond),
      ratio(p).toFixed(2),
    ]),
  );
  const storms = markdownTable(
    ["fan-out run", "rows?limit=25 requests/s meanwhile", "p50", "p99", "lost", "load average after"],
    fanout.map((r) => [
      r.underLoad ? "under API load" : "idle",
      r.apiPerSecond === null ? "—" : Math.round(r.apiPerSecond),
      formatMs(r.p50),
      formatMs(r.p99),
      r.lost,
      r.load.toFixed(1),
    ]),
  );
  const targets: Target[] = [
    {
      name: `rows?limit=25 on ${options.rows.toLocaleString("en")} rows >= ${TARGETS.rows25PerSecond} requests/s`,
      pass: rows25.ours.perSecond >= TARGETS.rows25PerSecond,
      detail: `${Math.round(rows25.ours.perSecond)}/s`,
    },
    {
      name: `rows?limit=25 within ${TARGETS.maxRowsSlowdown}x of a bare Fastify route (ratio >= ${1 / TARGETS.maxRowsSlowdown})`,
      pass: ratio(rows25) >= 1 / TARGETS.maxRowsSlowdown,
      detail: ratio(rows25).toFixed(2),
    },
    {
      name: `rows?limit=1000 on ${options.rows.toLocaleString("en")} rows >= ${TARGETS.rows1000PerSecond} requests/s`,
      pass: rows1000.ours.perSecond >= TARGETS.rows1000PerSecond,
      detail: `${Math.round(rows1000.ours.perSecond)}/s`,
    },
    {
      name: `rows?limit=1000 within ${TARGETS.maxRowsSlowdown}x of a bare Fastify route (ratio >= ${1 / TARGETS.maxRowsSlowdown})`,
      pass: ratio(rows1000) >= 1 / TARGETS.maxRowsSlowdown,
      detail: ratio(rows1000).toFixed(2),
    },
    {
      name: `snapshot.json / the same bytes as a static file >= ${TARGETS.minSnapshotShare}`,
      pass: ratio(snapshot) >= TARGETS.minSnapshotShare,
      detail: ratio(snapshot).toFixed(2),
    },
    {
      name: `fan-out p99 under API load / idle <= ${MAX_FANOUT_RATIO}`,
      pass: fanoutRatio <= MAX_FANOUT_RATIO && loaded.lost === 0,
      detail: `${fanoutRatio.toFixed(2)} (${formatMs(loaded.p99)} vs ${formatMs(idleP99)}, ${loaded.lost} lost; p50 ${formatMs(loaded.p50)} vs ${idle.map((r) => formatMs(r.p50)).join(" and ")} idle)`,
    },
  ];
  return {
    title: "Publishing: API throughput against bare baselines",
    markdown: [
      `One public dataset of ${options.rows.toLocaleString("en")} rows × 20 columns on a fresh server (\`node server/main.ts\`). Each load is a closed loop of ${options.concurrency} keep-alive connections from the benchmark's process, the same client for both sides: after 1 s of warm-up each, ${ROUNDS} alternating rounds (ours, then the baseline) of ${(options.seconds / ROUNDS).toFixed(1)} s, the median round of each side kept; bytes are checked equal.`,
      `Baselines: a bare Fastify server in its own process sending the bytes our server answered (a route per rows page; snapshot.json's brotli bytes as a static file by @fastify/static with preCompressed).`,
      `Fan-out: ${options.storm.clients} HocuspocusProvider clients in 2 processes each editing ${options.storm.ratePerSecond} times a second for ${options.storm.seconds} s on the same dataset (first 2 s left out), idle, then while rows?limit=25 runs at the same concurrency, then idle again; the ratio is against the slower idle run.`,
      `The machine is shared with other work on its ${os.availableParallelism()} cores: load average (1, 5, 15 min) at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(", ")}; absolute figures drop with it, ratios in the same run count.`,
      "",
      throughput,
      "",
      storms,
    ].join("\n"),
    targets,
  };
}
