/**
 * Floods (issue 7): what one anonymous attacker's flood costs everyone else. For each flood class
 * (floodAttacks.ts) a fresh `node server/main.ts` serves a 20,000 × 10 dataset open to anonymous
 * editing (and a public-read copy for the reader's attack); two normal HocuspocusProvider clients
 * (one edit storm process, editStorm.ts) each edit a cell every 50 ms, and the latency from one's
 * local write to the other seeing it is what "others" feel: it includes the server's queue and
 * event loop, which a flood stalls, whereas an acknowledgement only shows the writer's own path.
 * The server's RSS is sampled from /proc while the attack runs. The same run with no attack, first
 * and last, is the reference. The attacker connects from another loopback address (127.0.0.2) than
 * the victims, as a stranger would, so per-address budgets fall on it alone.
 *
 *   node scripts/bench/floods.ts [--quick] [--class tiny-updates ...]
 */
import { parseArgs } from "node:util";
import * as Y from "yjs";
import { DatasetView } from "../../shared/dataset/index.ts";
import { sleep } from "./async.ts";
import { connectClient } from "./clients.ts";
import { processTreeCpuMs } from "./cpuTime.ts";
import { launchStorm } from "./editStorm.ts";
import { buildBenchDoc } from "./fixtures.ts";
import {
  type Attack,
  type AttackOutcome,
  attacks,
  type Cell,
  formatSeconds,
  POLL_MS,
  probeUpdate,
  runAttack,
} from "./floodAttacks.ts";
import { describeSource } from "./machine.ts";
import { seedDataset, startServer, stopProcessTree, tempDir } from "./processes.ts";
import { type MemoryWindow, sampleMemory } from "./processMemory.ts";
import { RawCollabClient } from "./rawCollabClient.ts";
import { formatMB, formatMs, markdownTable, type Section, type Target, targetLine } from "./report.ts";
import { startAckProbe } from "./serverAckProbe.ts";
import { median, percentile } from "./stats.ts";

export type FloodOptions = {
  rows: number;
  columns: number;
  /** Edits per second of each of the two victim clients. */
  editsPerSecond: number;
  /** Edits before the attack starts, left out of the latencies. */
  warmupSeconds: number;
  /** Each attack is stopped after this long; the victims edit throughout, and one second more. */
  attackSeconds: number;
  /** After their last edit, how long the victims wait for edits still on their way (later ones count as lost). */
  drainSeconds: number;
  /** The attacker is cut if the server's RSS goes over this many MB, so that the machine survives. */
  rssCapMB: number;
  /** Attack keys to run (all by default). */
  only?: string[];
};

export const defaultFloodOptions: FloodOptions = {
  rows: 20_000,
  columns: 10,
  editsPerSecond: 20,
  warmupSeconds: 1,
  attackSeconds: 10,
  drainSeconds: 3,
  rssCapMB: 3_000,
};

/** Targets of issue 7, under every flood class. */
const MAX_P99_MS = 100;
const MAX_RSS_GROWTH_BYTES = 200e6;
/** Shorter windows, for trying the benchmark out. */
export const quickFloodOptions: FloodOptions = { ...defaultFloodOptions, attackSeconds: 5, drainSeconds: 2 };

const ATTACKER_ADDRESS = "127.0.0.2";
const SERVER_ENV = { LOG_LEVEL: "warn" };

type Run = {
  label: string;
  attack: Attack | null;
  p50: number;
  p99: number;
  max: number;
  edits: number;
  lost: number;
  /** The server's own delay: a bare client's acknowledgement times (unacknowledged ones count as infinite). */
  ackP99: number;
  ackMax: number;
  memory: MemoryWindow | null;
  serverCpuMs: number | null;
  outcome: AttackOutcome | null;
  /** Presence states a client connecting after the attack receives, its own included. */
  presence: number | null;
  /** Set when the server exited during the run, or the run failed. */
  problem: string | null;
  /** The code the server ran (each run starts its own server process). */
  source: string;
};

export async function runFloods(options: FloodOptions, log: (line: string) => void): Promise<Section> {
  const fixture = buildBenchDoc(options.rows, options.columns);
  const seed = Y.encodeStateAsUpdate(fixture);
  const cells = cellsFrom(fixture, Math.floor(options.rows / 2));
  const ackCells = cellsFrom(fixture, Math.floor(options.rows / 4)).slice(0, ackProbeEdits(options));
  fixture.destroy();
  const needed = Math.max(...attacks.map((a) => a.cells)) + 1;
  if (cells.length < needed) throw new Error(`the attacks need ${needed} cells, half the dataset has ${cells.length}`);
  const selected = attacks.filter((a) => !options.only || options.only.includes(a.key));
  const runs: Run[] = [];
  const report = (run: Run) => {
    runs.push(run);
    for (const line of describeRun(run, runs[0] ?? run)) log(`  ${line}`);
  };
  const run = (attack: Attack | null) => runOnce(attack, seed, { attack: cells, ack: ackCells }, options);
  report(await run(null));
  for (const attack of selected) report(await run(attack));
  report(await run(null));
  return summarize(runs, options);
}

/** Every cell of the rows from `firstRow` on, in row-major order (attacks take the second half, the last cell is the probe's). */
function cellsFrom(doc: Y.Doc, firstRow: number): Cell[] {
  const view = new DatasetView(doc);
  const columns = view.columns().map((c) => c.id);
  const cells = view
    .rowsInOrder()
    .slice(firstRow)
    .flatMap((row) => columns.map((columnId) => ({ rowId: row.id, columnId })));
  view.destroy();
  return cells;
}

/** The bare client's edits: from the attack's start to the victims' last edit. */
const ackProbeEdits = (options: FloodOptions) => options.editsPerSecond * (options.attackSeconds + 1);

type Cells = { attack: Cell[]; ack: Cell[] };

async function runOnce(attack: Attack | null, seed: Uint8Array, cells: Cells, options: FloodOptions): Promise<Run> {
  const label = attack?.label ?? "no attack";
  const data = tempDir("floods");
  const source = describeSource();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let attacker: RawCollabClient | null = null;
  let acker: RawCollabClient | null = null;
  let memory: ReturnType<typeof sampleMemory> | null = null;
  const status = { stopping: false, problem: null as string | null };
  try {
    const editName = await seedDataset(data.dir, "Floods", seed);
    const readName = await seedDataset(data.dir, "Floods (read only)", seed, "public-read");
    server = await startServer(data.dir, SERVER_ENV);
    const pid = server.child.pid;
    server.exited.then((code) => {
      if (!status.stopping) status.problem = `the server exited (${code}) during the run`;
    });
    memory = sampleMemory(pid);
    const editSeconds = options.warmupSeconds + options.attackSeconds + 1;
    const storm = await launchStorm({
      protocol: "hocuspocus",
      wsUrl: server.wsUrl,
      documentName: editName,
      clients: 2,
      workers: 1,
      ratePerSecond: options.editsPerSecond,
      editsPerClient: options.editsPerSecond * editSeconds,
      warmupMs: options.warmupSeconds * 1000,
      drainMs: options.drainSeconds * 1000,
    });
    let built: ReturnType<Attack["build"]> | null = null;
    if (attack) {
      const documentName = attack.dataset === "public-read" ? readName : editName;
      attacker = await RawCollabClient.connect(server.wsUrl, documentName, ATTACKER_ADDRESS);
      built = attack.build(attacker, cells.attack);
    }
    const probe = probeUpdate(cells.attack[cells.attack.length - 1] as Cell);
    acker = await RawCollabClient.connect(server.wsUrl, editName);
    const ackClient = acker;

    const stormDone = storm.run();
    await sleep(300 + options.warmupSeconds * 1000); // the storm starts 300 ms after run()
    memory.start();
    const cpuBefore = processTreeCpuMs(pid);
    const ackProbe = startAckProbe(ackClient, cells.ack, options.editsPerSecond);
    const sampler = memory;
    const outcome =
      attack && attacker && built
        ? await runAttack(attack, attacker, built, probe, {
            timeLimitMs: options.attackSeconds * 1000,
            rssCapBytes: options.rssCapMB * 1e6,
            rssBytes: () => sampler.latestBytes(),
          })
        : null;
    const result = await stormDone;
    const acks = ackProbe.stop();
    const window = memory.end();
    const cpuAfter = processTreeCpuMs(pid);
    // Lost edits waited longer than the run: they count as slower than any that arrived.
    const latencies = [...result.latenciesMs, ...infinities(result.lost)];
    const ackLatencies = [...acks.latenciesMs, ...infinities(acks.unacknowledged)];
    const presence = status.problem ? null : await newcomerPresence(server.wsUrl, editName);
    status.stopping = true;
    return {
      label,
      attack,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      edits: result.sent,
      lost: result.lost,
      ackP99: percentile(ackLatencies, 99),
      ackMax: percentile(ackLatencies, 100),
      memory: window,
      serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      outcome,
      presence,
      problem: status.problem,
      source,
    };
  } catch (error) {
    status.stopping = true;
    return failedRun(label, attack, status.problem ?? String(error), source);
  } finally {
    attacker?.terminate();
    acker?.terminate();
    memory?.stop();
    if (server) await stopProcessTree(server.child, 3_000);
    data.remove();
  }
}

/** A client that connects once the attack is over: how many presence states it is sent. */
async function newcomerPresence(wsUrl: string, documentName: string): Promise<number | null> {
  try {
    const client = await connectClient("hocuspocus", wsUrl, documentName, 15_000);
    await sleep(500);
    const states = client.presenceStates();
    client.destroy();
    return states;
  } catch {
    return null;
  }
}

const infinities = (count: number) => Array.from({ length: count }, () => Number.POSITIVE_INFINITY);

function failedRun(label: string, attack: Attack | null, problem: string, source: string): Run {
  const nan = Number.NaN;
  return {
    label,
    attack,
    p50: nan,
    p99: nan,
    max: nan,
    edits: 0,
    lost: 0,
    ackP99: nan,
    ackMax: nan,
    memory: null,
    serverCpuMs: null,
    outcome: null,
    presence: null,
    problem,
    source,
  };
}

const formatLatency = (ms: number): string => (ms === Number.POSITIVE_INFINITY ? "lost" : formatMs(ms));
const growthOf = (run: Run) => (run.memory ? run.memory.peakBytes - run.memory.beforeBytes : Number.NaN);
const formatGrowth = (bytes: number) =>
  Number.isNaN(bytes) ? "n/a" : `${bytes < 0 ? "−" : "+"}${formatMB(Math.abs(bytes))}`;
const formatRatio = (ratio: number) =>
  Number.isNaN(ratio) ? "n/a" : ratio === Number.POSITIVE_INFINITY ? "∞" : ratio.toFixed(2);
const formatCpu = (ms: number | null) => (ms === null ? "n/a" : formatSeconds(ms));

function overAfter(outcome: AttackOutcome | null): string {
  if (!outcome) return "";
  if (outcome.stoppedBy === "time limit") return `not seen in ${formatSeconds(outcome.limitMs)} (stopped)`;
  if (outcome.stoppedBy === "RSS cap") return "stopped at the RSS cap";
  return outcome.overAfterMs === null ? "n/a" : formatSeconds(outcome.overAfterMs);
}

function describeRun(run: Run, reference: Run): string[] {
  if (run.problem && !run.memory) return [`${run.label}: failed: ${run.problem}`];
  const peak = run.memory ? formatMB(run.memory.peakBytes) : "n/a";
  const lines = [
    `${run.label}: others' latency p50 ${formatLatency(run.p50)}, p99 ${formatLatency(run.p99)}, max ${formatLatency(run.max)} (${run.edits} edits, ${run.lost} lost); server ack p99 ${formatLatency(run.ackP99)}, max ${formatLatency(run.ackMax)}; server RSS peak ${peak} (${formatGrowth(growthOf(run))}), CPU ${formatCpu(run.serverCpuMs)}`,
  ];
  if (run.outcome) {
    lines.push(
      `    attacker sent ${run.outcome.messages.toLocaleString("en")} message(s), ${formatMB(run.outcome.bytes)}; its connection: ${run.outcome.ended}; attack over after ${overAfter(run.outcome)}; newcomer gets ${run.presence ?? "n/a"} presence state(s)`,
    );
    lines.push(
      `    p99 / no-attack p99: ${formatRatio(run.p99 / reference.p99)}; ${targetLine(latencyTarget(run))}; ${targetLine(memoryTarget(run))}`,
    );
  }
  if (run.problem) lines.push(`    problem: ${run.problem}`);
  return lines;
}

function latencyTarget(run: Run): Target {
  return {
    name: `others' p99 < ${MAX_P99_MS} ms under ${run.label}`,
    pass: run.p99 < MAX_P99_MS && !run.problem,
    detail: `${formatLatency(run.p99)}, max ${formatLatency(run.max)}, ${run.lost} of ${run.edits} edits lost${run.problem ? `; ${run.problem}` : ""}`,
  };
}

function memoryTarget(run: Run): Target {
  const growth = growthOf(run);
  return {
    name: `server RSS growth < ${formatMB(MAX_RSS_GROWTH_BYTES)} under ${run.label}`,
    pass: growth < MAX_RSS_GROWTH_BYTES && !run.problem,
    detail: `${formatGrowth(growth)} (peak ${run.memory ? formatMB(run.memory.peakBytes) : "n/a"})`,
  };
}

function summarize(runs: Run[], options: FloodOptions): Section {
  const references = runs.filter((r) => r.attack === null && !Number.isNaN(r.p99));
  const referenceP99 = median(references.map((r) => r.p99));
  const others = markdownTable(
    [
      "Class",
      "p50",
      "p99",
      "max",
      "Lost",
      "p99 / no attack",
      "Server ack p99",
      "Server ack max",
      "RSS peak",
      "RSS growth",
      "Server CPU",
    ],
    runs.map((r) => [
      r.label,
      formatLatency(r.p50),
      formatLatency(r.p99),
      formatLatency(r.max),
      `${r.lost} / ${r.edits}`,
      r.attack ? formatRatio(r.p99 / referenceP99) : "",
      formatLatency(r.ackP99),
      formatLatency(r.ackMax),
      r.memory ? formatMB(r.memory.peakBytes) : "n/a",
      formatGrowth(growthOf(r)),
      formatCpu(r.serverCpuMs),
    ]),
  );
  const sources = [...new Set(runs.map((r) => r.source))];
  const attacked = runs.filter((r) => r.attack !== null);
  const attackers = markdownTable(
    [
      "Class",
      "Attacker sent",
      "Attacker's connection",
      "Attack over after",
      "Newcomer's presence states",
      ...(sources.length > 1 ? ["Server code"] : []),
    ],
    attacked.map((r) => [
      r.label,
      r.outcome ? `${r.outcome.messages.toLocaleString("en")} msg, ${formatMB(r.outcome.bytes)}` : "",
      r.problem ? `${r.outcome?.ended ?? ""} (${r.problem})` : (r.outcome?.ended ?? ""),
      overAfter(r.outcome),
      r.presence ?? "n/a",
      ...(sources.length > 1 ? [r.source] : []),
    ]),
  );
  const code =
    sources.length === 1
      ? `Every run's server ran ${sources[0]}.`
      : `The server's code changed during the benchmark (others committed or edited): each run's is in the last column; the no-attack runs ran ${runs
          .filter((r) => r.attack === null)
          .map((r) => r.source)
          .join(" and ")}.`;
  const intro = [
    `A fresh \`node server/main.ts\` per run (SQLite, default limits) serves a ${options.rows.toLocaleString("en")} × ${options.columns} dataset opened \`public-edit\`, and a \`public-read\` copy for the reader's attack.`,
    `Two normal HocuspocusProvider clients (one process) each edit a cell of their own every ${Math.round(1000 / options.editsPerSecond)} ms; latency is from one's local write to the other seeing it (what everyone else feels: it includes the server's queue and event loop, which an acknowledgement to the writer would not show). The first ${options.warmupSeconds} s of edits are left out; edits that had not arrived ${options.drainSeconds} s after the last one count as lost, slower than any that arrived.`,
    `One anonymous attacker (a plain \`ws\` socket speaking the Hocuspocus protocol: an Auth message with an empty token, then Sync or Awareness messages; from 127.0.0.2, another address than the victims') starts ${options.warmupSeconds} s into the editing and writes its whole flood at once (pre-framed, one socket write, so that the attacker's own CPU on this machine hardly counts), then one small update whose acknowledgement shows the server has handled everything before it (its messages are handled in order): "attack over after" is until then, or until its connection ended (looked for every ${POLL_MS} ms); the attack is stopped after ${options.attackSeconds} s, or if the server's RSS passes ${options.rssCapMB.toLocaleString("en")} MB. The victims edit throughout, and 1 s more.`,
    `Server ack: a bare client (no Y.Doc, it applies nothing it receives) writes a cell every ${Math.round(1000 / options.editsPerSecond)} ms over the same window and times each acknowledgement: the server's own delay, without the clients' work of applying what a flood relayed to them (which the latency above includes, for both victims in their one process, as a real client's would for itself).`,
    "RSS: the server process's VmRSS from /proc, sampled every 100 ms, with VmHWM for peaks between samples; growth is the peak during the attack and the editing after it, minus the RSS when the attack started. Server CPU: user + system time over the same window.",
    `No attack runs first and last; "p99 / no attack" divides by their median p99. The newcomer connects after the editing, before the attacker is closed.`,
  ].join(" ");
  const classes = attacks
    .filter((a) => runs.some((r) => r.attack === a))
    .map((a) => `- **${a.label}**: ${a.what}.`)
    .join("\n");
  return {
    title: "Floods (one anonymous attacker, others' latency and server memory)",
    markdown: `${intro}\n\n${classes}\n\n${others}\n\n${attackers}\n\n${code}`,
    targets: attacked.flatMap((r) => [latencyTarget(r), memoryTarget(r)]),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, class: { type: "string", multiple: true } },
  });
  const unknown = (values.class ?? []).filter((key) => !attacks.some((a) => a.key === key));
  if (unknown.length > 0) {
    console.error(`unknown class(es): ${unknown.join(", ")}; choose from ${attacks.map((a) => a.key).join(", ")}`);
    process.exit(2);
  }
  const options: FloodOptions = {
    ...(values.quick ? quickFloodOptions : defaultFloodOptions),
    ...(values.class ? { only: values.class } : {}),
  };
  const started = performance.now();
  const section = await runFloods(options, console.log);
  console.log(`\n${section.markdown}\n`);
  for (const target of section.targets) console.log(targetLine(target));
  console.log(`(${Math.round((performance.now() - started) / 1000)} s)`);
  process.exit(0);
}
