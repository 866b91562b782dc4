/**
 * Edit fan-out: the same edit storm against a bare Yjs relay (baseline: @y/websocket-server with
 * y-websocket clients) and against our server (target: `node server/main.ts` with real SQLite and
 * HocuspocusProvider clients). Runs alternate between the two, round after round, because the
 * tail is client-bound and drifts with the noise of the machine; medians of runs are compared.
 * A third target is our server with proposals in place (scripts/bench/openProposals.ts): open
 * proposals on the dataset and contributors connected to theirs, proposing while the storm runs.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import type { Protocol } from "./clients.ts";
import { processTreeCpuMs } from "./cpuTime.ts";
import { launchStorm } from "./editStorm.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { openProposals, type ProposalLoad } from "./openProposals.ts";
import { seedDataset, startRelay, startServer, stopProcess, tempDir } from "./processes.ts";
import { formatMs, markdownTable, type Section } from "./report.ts";
import { median, percentile } from "./stats.ts";

export type FanoutOptions = {
  rows: number;
  clients: number;
  workers: number;
  ratePerSecond: number;
  seconds: number;
  warmupSeconds: number;
  drainSeconds: number;
  rounds: number;
  /** Proposals in place for the third target. */
  proposals: ProposalLoad;
};

type Target = { label: string; protocol: Protocol };
const RELAY: Target = { label: "bare relay", protocol: "y-websocket" };
const SERVER: Target = { label: "our server", protocol: "hocuspocus" };
const WITH_PROPOSALS: Target = { label: "our server, proposals open", protocol: "hocuspocus" };
const TARGETS = [RELAY, SERVER, WITH_PROPOSALS];

type Run = {
  round: number;
  target: Target;
  p50: number;
  p99: number;
  max: number;
  sent: number;
  lost: number;
  serverCpuMs: number | null;
  clientCpuMs: number;
  /** The machine's 1-minute load average after the run: other work on the machine widens the tail. */
  loadAverage: number;
  /** Changes the connected contributors proposed during the run (proposals target). */
  proposed: number | null;
};

/** The largest p99 ratio (our server / bare relay, medians of rounds) we accept. */
const MAX_P99_RATIO = 1.2;

export async function runFanout(options: FanoutOptions, log: (line: string) => void): Promise<Section> {
  const data = tempDir("fanout");
  try {
    const seed = Y.encodeStateAsUpdate(buildBenchDoc(options.rows));
    const seedFile = path.join(data.dir, "seed.bin");
    writeFileSync(seedFile, seed);
    const runs: Run[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      // Each round starts with the next target, so none always runs first or last.
      const order = TARGETS.map((_, i) => TARGETS[(i + round - 1) % TARGETS.length] as Target);
      for (const target of order) {
        const run = await runOnce(round, target, { seed, seedFile }, options);
        log(
          `  round ${round}, ${target.label}: p50 ${formatMs(run.p50)}, p99 ${formatMs(run.p99)}, ${run.sent} edits, ${run.lost} lost`,
        );
        runs.push(run);
      }
    }
    return summarize(runs, options);
  } finally {
    data.remove();
  }
}

type Seed = { seed: Uint8Array; seedFile: string };

/** Starts the target on a fresh copy of the dataset. */
async function startTarget(target: Target, { seed, seedFile }: Seed, dataDir: string) {
  if (target === RELAY) return { ...(await startRelay(seedFile, "bench-fanout")), documentName: "bench-fanout" };
  const documentName = await seedDataset(dataDir, "Fan-out", seed);
  return {
    ...(await startServer(dataDir, { LOG_LEVEL: "warn", API_REQUESTS_PER_MINUTE: "1000000" })),
    documentName,
  };
}

async function runOnce(round: number, target: Target, seed: Seed, options: FanoutOptions): Promise<Run> {
  const data = tempDir("fanout-run");
  let server: Awaited<ReturnType<typeof startTarget>> | null = null;
  try {
    server = await startTarget(target, seed, data.dir);
    const proposals =
      target === WITH_PROPOSALS && "url" in server
        ? await openProposals(server, server.documentName.split(".")[1] as string, seed.seed, options.proposals)
        : null;
    const storm = await launchStorm({
      protocol: target.protocol,
      wsUrl: server.wsUrl,
      documentName: server.documentName,
      clients: options.clients,
      workers: options.workers,
      ratePerSecond: options.ratePerSecond,
      editsPerClient: options.ratePerSecond * options.seconds,
      warmupMs: options.warmupSeconds * 1000,
      drainMs: options.drainSeconds * 1000,
    });
    const cpuBefore = processTreeCpuMs(server.child.pid);
    const result = await storm.run();
    const cpuAfter = processTreeCpuMs(server.child.pid);
    const proposed = proposals ? await proposals.stop() : null;
    return {
      round,
      target,
      p50: percentile(result.latenciesMs, 50),
      p99: percentile(result.latenciesMs, 99),
      max: percentile(result.latenciesMs, 100),
      sent: result.sent,
      lost: result.lost,
      serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      clientCpuMs: result.clientCpuMs,
      loadAverage: os.loadavg()[0] ?? Number.NaN,
      proposed,
    };
  } finally {
    if (server) await stopProcess(server.child);
    data.remove();
  }
}

function summarize(runs: Run[], options: FanoutOptions): Section {
  const editingMs = options.seconds * 1000;
  const share = (cpuMs: number | null) => (cpuMs === null ? "n/a" : `${Math.round((cpuMs / editingMs) * 100)} %`);
  const perRun = markdownTable(
    ["Round", "Target", "p50", "p99", "max", "Edits", "Lost", "Server CPU", "Clients CPU", "Load avg"],
    runs.map((r) => [
      r.round,
      r.target.label,
      formatMs(r.p50),
      formatMs(r.p99),
      formatMs(r.max),
      r.sent,
      r.lost,
      share(r.serverCpuMs),
      share(r.clientCpuMs),
      r.loadAverage.toFixed(1),
    ]),
  );
  const of = (target: Target) => runs.filter((r) => r.target === target);
  const medians = (target: Target) => ({
    p50: median(of(target).map((r) => r.p50)),
    p99: median(of(target).map((r) => r.p99)),
    lost: of(target).reduce((sum, r) => sum + r.lost, 0),
  });
  const relay = medians(RELAY);
  const server = medians(SERVER);
  const withProposals = medians(WITH_PROPOSALS);
  const ratio = server.p99 / relay.p99;
  const proposalsRatio = withProposals.p99 / relay.p99;
  const proposed = of(WITH_PROPOSALS).map((r) => r.proposed ?? 0);
  const summary = markdownTable(
    ["Target", "median p50", "median p99", "lost (all rounds)"],
    [
      [`${RELAY.label} (baseline)`, formatMs(relay.p50), formatMs(relay.p99), relay.lost],
      [`${SERVER.label} (target)`, formatMs(server.p50), formatMs(server.p99), server.lost],
      ["ratio target / baseline", (server.p50 / relay.p50).toFixed(2), ratio.toFixed(2), ""],
      [`${WITH_PROPOSALS.label}`, formatMs(withProposals.p50), formatMs(withProposals.p99), withProposals.lost],
      ["ratio proposals open / baseline", (withProposals.p50 / relay.p50).toFixed(2), proposalsRatio.toFixed(2), ""],
    ],
  );
  const intro = [
    `${options.clients} clients on one ${options.rows.toLocaleString("en")} × 20 dataset, each writing a cell of its own ${options.ratePerSecond} times a second for ${options.seconds} s, spread over ${options.workers} client processes.`,
    `Latency: from just before an edit is written (its send time is in the value) to its arrival at each of the other ${options.clients - 1} clients; the first ${options.warmupSeconds} s are left out.`,
    `Baseline: bare relay (@y/websocket-server, y-websocket clients). Target: our server (\`node server/main.ts\`, SQLite, HocuspocusProvider clients). Both servers use the project's \`ws\` 8 (package.json overrides the relay's own ws 6), so the comparison is of the Yjs servers, not of socket library versions. Runs alternate; rounds: ${options.rounds}.`,
    `Proposals open: before the storm, ${options.proposals.open} proposals of 3 cell changes each arrive as JSON change sets, and ${options.proposals.connected} anonymous contributors each connect a HocuspocusProvider to a draft proposal of their own (in the benchmark's main process) and propose one cell change a second throughout (${proposed.join(", ")} changes proposed in the rounds).`,
    `CPU: share of one core used during the editing period, by the server process and by all client processes together. Load avg: the machine's 1-minute load average after the run (other work on this ${os.availableParallelism()}-core machine shows there).`,
  ].join(" ");
  return {
    title: "Edit fan-out",
    markdown: `${intro}\n\n${perRun}\n\n${summary}`,
    targets: [
      {
        name: `fan-out p99, our server / bare relay <= ${MAX_P99_RATIO}`,
        pass: ratio <= MAX_P99_RATIO,
        detail: `${ratio.toFixed(2)} (${formatMs(server.p99)} vs ${formatMs(relay.p99)}, medians of ${options.rounds} round(s))`,
      },
      {
        name: `fan-out p99 with proposals open, our server / bare relay <= ${MAX_P99_RATIO}`,
        pass: proposalsRatio <= MAX_P99_RATIO,
        detail: `${proposalsRatio.toFixed(2)} (${formatMs(withProposals.p99)} vs ${formatMs(relay.p99)}, medians of ${options.rounds} round(s))`,
      },
      {
        name: "fan-out lost edits, our server = 0",
        pass: server.lost === 0 && withProposals.lost === 0,
        detail: `${server.lost} lost, ${withProposals.lost} with proposals open (bare relay: ${relay.lost})`,
      },
    ],
  };
}
