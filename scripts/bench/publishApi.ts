/**
 * Issue 11's API targets, each against its baseline in the same run, on a fresh server holding one
 * public dataset of `rows` rows: requests/s of rows?limit=25 and limit=1000 against a bare Fastify
 * route (its own process) sending the same bytes, and the server CPU each request costs on both;
 * snapshot.json (brotli) against the same bytes as a static file (@fastify/static, same process);
 * and the edit fan-out latency of our server while it is asked the issue's rates (1,000
 * rows?limit=25 and 100 rows?limit=1000 a second, an open loop) against the same storm while a
 * second server, the control, is asked them: the machine is as busy, but not our server's API.
 * The storm idle is shown too. Throughput
 * comes from a closed loop of `concurrency` keep-alive connections (scripts/bench/httpLoad.ts).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { withTimeout } from "./async.ts";
import { mainThreadCpuMs, processTreeCpuMs } from "./cpuTime.ts";
import { launchStorm } from "./editStorm.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { closedLoop, type LoadResult, type OpenLoopResult, openLoop } from "./httpLoad.ts";
import { seedDataset, startServer, stopProcess, tempDir } from "./processes.ts";
import { formatMs, markdownTable, type Section, type Target } from "./report.ts";
import { median, percentile } from "./stats.ts";

export type PublishApiOptions = {
  rows: number;
  concurrency: number;
  /** How long each load runs. */
  seconds: number;
  /** The fan-out storm run idle and under load, `rounds` times each after one warm-up. */
  storm: { clients: number; ratePerSecond: number; seconds: number; rounds: number };
};

const TARGETS = { rows25PerSecond: 1_000, rows1000PerSecond: 100, maxRowsSlowdown: 2, minSnapshotShare: 0.5 };
/** Alternating rounds of each load, ours then the baseline. */
const ROUNDS = 3;
/** Fan-out p99 with our API under load / with the control's: "unchanged", with the noise fanout.ts accepts. */
const MAX_FANOUT_RATIO = 1.2;
/** The share of the asked rate the API must answer during the fan-out for the load to count. */
const MIN_DELIVERED = 0.95;

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

/** A closed-loop round and the CPU its server process used for it. */
type Round = LoadResult & { cpuMsPerRequest: number };
type Pair = { name: string; ours: Round; baseline: Round; baselineName: string };

/** The load the fan-out runs under: the rates the issue asks of the API, both at once. */
const API_LOAD = [
  { name: "rows?limit=25", query: "rows?limit=25", ratePerSecond: TARGETS.rows25PerSecond },
  { name: "rows?limit=1000", query: "rows?limit=1000", ratePerSecond: TARGETS.rows1000PerSecond },
];

export async function runPublishApi(options: PublishApiOptions, log: (line: string) => void): Promise<Section> {
  const data = tempDir("publish-api");
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let bare: Awaited<ReturnType<typeof startBare>> | null = null;
  const controlData = tempDir("publish-api-control");
  let control: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const seed = Y.encodeStateAsUpdate(buildBenchDoc(options.rows));
    /** A server holding the dataset, once its first snapshot (built shortly after start) is served. */
    const serverWithDataset = async (dir: string) => {
      const name = await seedDataset(dir, `API ${options.rows}`, seed, "public-edit");
      const started = await startServer(dir, { LOG_LEVEL: "warn", API_REQUESTS_PER_MINUTE: "1000000000" });
      const url = `${started.url}/api/v1/datasets/${name.split(".")[1]}`;
      await withTimeout(
        (async () => {
          for (;;) {
            try {
              return await download(`${url}/rows?limit=1`);
            } catch {
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        })(),
        300_000,
        "first snapshot",
      );
      return { started, name, url };
    };
    const ours = await serverWithDataset(data.dir);
    server = ours.started;
    const { name: documentName, url: dataset } = ours;
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
    const serverPid = server.child.pid;
    const barePid = bare.child.pid;
    const round = async (url: string, pid: number | undefined, l: typeof load): Promise<Round> => {
      const before = processTreeCpuMs(pid);
      const result = await closedLoop(url, l);
      const after = processTreeCpuMs(pid);
      const cpuMs = before === null || after === null ? Number.NaN : after - before;
      return { ...result, cpuMsPerRequest: cpuMs / result.requests };
    };
    const measure = async (name: string, ours: string, baselineName: string, baseline: string, l = load) => {
      // Warm both (JIT, first parse of the model), then alternate rounds (the machine's load
      // drifts) and keep each side's median round.
      await closedLoop(ours, { ...l, ms: 1000 });
      await closedLoop(baseline, { ...l, ms: 1000 });
      const rounds = { ours: [] as Round[], baseline: [] as Round[] };
      for (let r = 0; r < ROUNDS; r++) {
        const roundLoad = { ...l, ms: l.ms / ROUNDS };
        rounds.ours.push(await round(ours, serverPid, roundLoad));
        rounds.baseline.push(await round(baseline, barePid, roundLoad));
      }
      const middle = (all: Round[]) =>
        [...all].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(all.length / 2)] as Round;
      const pair = { name, ours: middle(rounds.ours), baselineName, baseline: middle(rounds.baseline) };
      log(
        `  ${name}: ${rounds.ours.map((r) => Math.round(r.perSecond)).join(", ")}/s vs ${rounds.baseline.map((r) => Math.round(r.perSecond)).join(", ")}/s (${baselineName}); server CPU per request ${rounds.ours.map((r) => formatMs(r.cpuMsPerRequest)).join(", ")} vs ${rounds.baseline.map((r) => formatMs(r.cpuMsPerRequest)).join(", ")}; load average ${os.loadavg()[0]?.toFixed(1)}`,
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

    // Fan-out: the same storm once to warm up (our server's code paths, the first snapshot builds;
    // the control's API, asked the load meanwhile, warms up too: its first run answered under the
    // rates asked), then in rounds idle, while the control's API and while ours are asked the
    // issue's rates.
    const controlServer = await serverWithDataset(controlData.dir);
    control = controlServer.started;
    const storm = async (mode: FanoutMode) => {
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
      // From the storm's start (its warm-up included) to past its last edit.
      const loadMs = (options.storm.seconds + 3) * 1000;
      const target = mode === "ours" ? dataset : controlServer.url;
      const loading =
        mode === "idle"
          ? null
          : Promise.all(
              API_LOAD.map((l) => openLoop(`${target}/${l.query}`, { ratePerSecond: l.ratePerSecond, ms: loadMs })),
            );
      const pid = server?.child.pid;
      const apiPid = (mode === "control" ? control : server)?.child.pid;
      const before = [processTreeCpuMs(pid), mainThreadCpuMs(pid), mainThreadCpuMs(apiPid), performance.now()] as const;
      const result = await s.run();
      const seconds = (performance.now() - before[3]) / 1000;
      const after = [processTreeCpuMs(pid), mainThreadCpuMs(pid), mainThreadCpuMs(apiPid)] as const;
      const share = (i: 0 | 1 | 2) => {
        const [b, a] = [before[i], after[i]];
        return a === null || b === null ? Number.NaN : (a - b) / 1000 / seconds;
      };
      const api = (await loading) ?? [];
      for (const a of api)
        if (a.failed > 0) throw new Error(`API load during the fan-out: ${a.failed} requests failed`);
      const run: FanoutRun = {
        mode,
        p50: percentile(result.latenciesMs, 50),
        p99: percentile(result.latenciesMs, 99),
        lost: result.lost,
        api,
        load: os.loadavg()[0] ?? Number.NaN,
        mainCpuShare: share(1),
        otherCpuShare: share(0) - share(1),
        apiMainCpuShare: mode === "idle" || mode === "warm-up" ? Number.NaN : share(2),
      };
      log(
        `  fan-out ${FANOUT_MODES[mode]}${api.length ? ` (${api.map((a, i) => `${API_LOAD[i]?.name} ${Math.round(a.perSecond)}/s of ${a.ratePerSecond}, p99 ${formatMs(percentile(a.latenciesMs, 99))}`).join("; ")})` : ""}: p50 ${formatMs(run.p50)}, p99 ${formatMs(run.p99)}, ${run.lost} lost; our server main thread ${percent(run.mainCpuShare)}, its other threads and its API reader process ${percent(run.otherCpuShare)}${Number.isNaN(run.apiMainCpuShare) ? "" : `; main thread of the server asked the API load ${percent(run.apiMainCpuShare)}`}`,
      );
      return run;
    };
    await storm("warm-up");
    const fanout: FanoutRun[] = [];
    for (let round = 0; round < options.storm.rounds; round++)
      for (const mode of ["idle", "control", "ours"] as const) fanout.push(await storm(mode));
    return summarize(options, pairs, fanout);
  } finally {
    if (bare) await stopProcess(bare.child);
    if (server) await stopProcess(server.child);
    if (control) await stopProcess(control.child);
    data.remove();
    controlData.remove();
  }
}

/** Whose API is asked the issue's rates while the storm edits our server. */
type FanoutMode = "warm-up" | "idle" | "control" | "ours";
const FANOUT_MODES: Record<FanoutMode, string> = {
  "warm-up": "warm-up, while the control server's API is under load (not counted)",
  idle: "idle",
  control: "while the control server's API is under load",
  ours: "while our API is under load",
};

type FanoutRun = {
  mode: FanoutMode;
  p50: number;
  p99: number;
  lost: number;
  /** The API loads meanwhile, as API_LOAD lists them (none when idle). */
  api: OpenLoopResult[];
  load: number;
  /** Our server's CPU during the storm, in cores: its main thread, and its other threads and processes (the API reader). */
  mainCpuShare: number;
  otherCpuShare: number;
  /** The main thread CPU of the server whose API is asked the load (the control's, or ours). */
  apiMainCpuShare: number;
};

const percent = (share: number) => (Number.isNaN(share) ? "—" : `${Math.round(share * 100)} % of a core`);

function summarize(options: PublishApiOptions, pairs: Pair[], fanout: FanoutRun[]): Section {
  const [rows25, rows1000, snapshot] = pairs as [Pair, Pair, Pair];
  const ratio = (p: Pair) => p.ours.perSecond / p.baseline.perSecond;
  const runs = (mode: FanoutMode) => fanout.filter((r) => r.mode === mode);
  const [loadedP99, controlP99, idleP99] = (["ours", "control", "idle"] as const).map((m) =>
    median(runs(m).map((r) => r.p99)),
  ) as [number, number, number];
  const loaded = runs("ours");
  const fanoutRatio = loadedP99 / controlP99;
  const cpuRatio = (p: Pair) => p.ours.cpuMsPerRequest / p.baseline.cpuMsPerRequest;
  // The load was what the issue asks only if (nearly) every request due was answered (those not
  // sent because 256 were waiting count as unanswered).
  const delivered = [...loaded, ...runs("control")].every((r) =>
    r.api.every((a) => a.perSecond >= a.ratePerSecond * MIN_DELIVERED),
  );
  const lost = fanout.reduce((sum, r) => sum + r.lost, 0);
  const throughput = markdownTable(
    [
      "request",
      "bytes",
      "ours, requests/s",
      "baseline",
      "baseline, requests/s",
      "ours / baseline",
      "server CPU per request, ours",
      "baseline",
      "ours / baseline",
    ],
    pairs.map((p) => [
      p.name,
      p.ours.bytes.toLocaleString("en"),
      Math.round(p.ours.perSecond),
      p.baselineName,
      Math.round(p.baseline.perSecond),
      ratio(p).toFixed(2),
      formatMs(p.ours.cpuMsPerRequest),
      formatMs(p.baseline.cpuMsPerRequest),
      cpuRatio(p).toFixed(2),
    ]),
  );
  const apiCell = (r: FanoutRun, i: number) => {
    const a = r.api[i];
    if (!a) return "—";
    const skipped = a.skipped > 0 ? `, ${a.skipped} not sent` : "";
    return `${Math.round(a.perSecond)} of ${a.ratePerSecond}/s, p50 ${formatMs(percentile(a.latenciesMs, 50))}, p99 ${formatMs(percentile(a.latenciesMs, 99))}${skipped}`;
  };
  const storms = markdownTable(
    [
      "fan-out run",
      ...API_LOAD.map((l) => `${l.name} meanwhile (answered, latency)`),
      "p50",
      "p99",
      "lost",
      "our server's CPU: main thread",
      "other threads and the API reader process",
      "main thread of the server asked the API load",
      "load average after",
    ],
    fanout.map((r) => [
      FANOUT_MODES[r.mode],
      ...API_LOAD.map((_, i) => apiCell(r, i)),
      formatMs(r.p50),
      formatMs(r.p99),
      r.lost,
      percent(r.mainCpuShare),
      percent(r.otherCpuShare),
      percent(r.apiMainCpuShare),
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
    ...[rows25, rows1000].map((p) => ({
      name: `${p.name} server CPU per request within ${TARGETS.maxRowsSlowdown}x of a bare Fastify route`,
      pass: cpuRatio(p) <= TARGETS.maxRowsSlowdown,
      detail: `${cpuRatio(p).toFixed(2)} (${formatMs(p.ours.cpuMsPerRequest)} vs ${formatMs(p.baseline.cpuMsPerRequest)})`,
    })),
    {
      name: `snapshot.json / the same bytes as a static file >= ${TARGETS.minSnapshotShare}`,
      pass: ratio(snapshot) >= TARGETS.minSnapshotShare,
      detail: ratio(snapshot).toFixed(2),
    },
    {
      name: `fan-out p99 while our API is under load (${API_LOAD.map((l) => `${l.name} at ${l.ratePerSecond}/s`).join(" + ")}) / while the control server's is <= ${MAX_FANOUT_RATIO}`,
      pass: fanoutRatio <= MAX_FANOUT_RATIO && lost === 0 && delivered,
      detail: `${fanoutRatio.toFixed(2)} (${formatMs(loadedP99)} vs ${formatMs(controlP99)}, medians of ${options.storm.rounds} runs each; ${lost} lost; idle ${formatMs(idleP99)}, so the machine's load alone makes ${(controlP99 / idleP99).toFixed(2)}×${delivered ? "" : `; the API answered under ${MIN_DELIVERED * 100} % of the rates asked`})`,
    },
  ];
  return {
    title: "Publishing: API throughput against bare baselines",
    markdown: [
      `One public dataset of ${options.rows.toLocaleString("en")} rows × 20 columns on a fresh server (\`node server/main.ts\`). Each load is a closed loop of ${options.concurrency} keep-alive connections from the benchmark's process, the same client for both sides: after 1 s of warm-up each, ${ROUNDS} alternating rounds (ours, then the baseline) of ${(options.seconds / ROUNDS).toFixed(1)} s, the median round of each side kept; bytes are checked equal.`,
      `Baselines: a bare Fastify server in its own process sending the bytes our server answered (a route per rows page; snapshot.json's brotli bytes as a static file by @fastify/static with preCompressed).`,
      `Server CPU per request: user + system time of the server's processes (/proc/<pid>/stat: the collaboration process and its API reader process, all their threads) over a round, divided by the requests answered, for the median round; unlike requests/s it hardly moves with what else the machine runs.`,
      `Fan-out: ${options.storm.clients} HocuspocusProvider clients in 2 processes each editing ${options.storm.ratePerSecond} times a second for ${options.storm.seconds} s on the same dataset (first 2 s left out): once to warm up (not counted) while the control's API is asked the load (so that it is warm too), then ${options.storm.rounds} rounds of three: idle, while a second server holding the same dataset (the control, the same program with its own API reader process) is asked the API load, and while ours is; the target is the ratio of the median p99s, ours against the control. The control keeps the machine as busy (the load client, a server answering the same requests) so that the ratio says what serving the API costs our server's edits, not what a busier machine costs them; on ${os.availableParallelism()} cores shared with the load client, the latter is large, and the idle run shows it. The API load is the issue's target rates, both at once: ${API_LOAD.map((l) => `${l.name} at ${l.ratePerSecond.toLocaleString("en")}/s`).join(" and ")}, each an open loop (a request sent when due whatever the answers, keep-alive, at most 256 waiting; latency counted from when it was due) from the storm's start to 3 s past its last edit. The edits make a new snapshot version every SNAPSHOT_DELAY_MS (1 s) or so, so the API also loads and serves new versions while the storm runs. The load counts only if at least ${MIN_DELIVERED * 100} % of the requests due were answered. (A closed loop, as before, asks a cheaper server more and fills both cores whatever the server costs; a fixed rate asks what the issue names, so the ratio says whether edits stay fast at that load.)`,
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
