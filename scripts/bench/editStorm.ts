/**
 * An edit storm: many clients on one dataset, each writing cells at a steady rate, spread over
 * several editWorker.ts processes so that the clients' own CPU does not become the bottleneck of
 * one event loop. This side drives the workers over IPC and merges what they measured.
 */
import type { ChildProcess } from "node:child_process";
import { wallClockMs, withTimeout } from "./async.ts";
import type { Protocol } from "./clients.ts";
import { forkScript, stopProcess } from "./processes.ts";

export type StormConfig = {
  protocol: Protocol;
  wsUrl: string;
  documentName: string;
  clients: number;
  workers: number;
  ratePerSecond: number;
  editsPerClient: number;
  /** Latencies of edits sent this long after the start are left out (connections and JIT warming up). */
  warmupMs: number;
  /** After its last edit, how long a worker keeps listening for edits still on their way. */
  drainMs: number;
};

export type WorkerAssignment = StormConfig & { clientIndexes: number[] };

/** An edit the server acknowledged: the cell key it wrote, the value, and when the ack arrived. */
export type AcknowledgedEdit = { key: string; value: string; ackedAt: number };

export type WorkerReport = {
  sent: number;
  /** Distinct (edit, other client) arrivals seen by this worker's clients. */
  receptions: number;
  latenciesMs: Float64Array;
  acknowledged: AcknowledgedEdit[];
  cpuMs: number;
};

export type ToWorker =
  | { type: "connect"; assignment: WorkerAssignment }
  | { type: "start"; at: number }
  | { type: "stop" };
export type FromWorker =
  | { type: "ready" }
  | { type: "report"; report: WorkerReport }
  | { type: "failed"; message: string };

export type StormResult = {
  sent: number;
  /** Arrivals that never happened: each edit should reach every other client. */
  lost: number;
  latenciesMs: Float64Array;
  acknowledged: AcknowledgedEdit[];
  /** CPU used by all client processes while the storm ran. */
  clientCpuMs: number;
};

export type Storm = {
  /** Starts editing; resolves once every worker has sent all its edits, drained and reported. */
  run(): Promise<StormResult>;
  /** Stops editing now: workers destroy their clients, then report. */
  stop(): Promise<StormResult>;
};

const CONNECT_TIMEOUT_MS = 60_000;

/** Forks the workers and connects every client; resolves when all are synced and ready to edit. */
export async function launchStorm(config: StormConfig): Promise<Storm> {
  const workers = Array.from({ length: config.workers }, () => forkScript("editWorker.ts"));
  const ready = workers.map((worker, w) => {
    const clientIndexes = Array.from({ length: config.clients }, (_, i) => i).filter((i) => i % config.workers === w);
    send(worker, { type: "connect", assignment: { ...config, clientIndexes } });
    return nextMessage(worker, "ready");
  });
  await withTimeout(Promise.all(ready), CONNECT_TIMEOUT_MS, "connecting the storm's clients");

  let reports: Promise<StormResult> | null = null;
  const collect = () => {
    const stormMs = (config.editsPerClient / config.ratePerSecond) * 1000 + config.drainMs + CONNECT_TIMEOUT_MS;
    reports ??= withTimeout(
      Promise.all(workers.map((worker) => nextMessage(worker, "report"))),
      stormMs,
      "the storm's reports",
    ).then(async (all) => {
      await Promise.all(workers.map((worker) => stopProcess(worker)));
      return merge(
        config,
        all.map((message) => message.report),
      );
    });
    return reports;
  };
  return {
    run() {
      const at = wallClockMs() + 300; // the same start for every worker
      for (const worker of workers) send(worker, { type: "start", at });
      return collect();
    },
    stop() {
      for (const worker of workers) send(worker, { type: "stop" });
      return collect();
    },
  };
}

function merge(config: StormConfig, reports: WorkerReport[]): StormResult {
  const sent = reports.reduce((sum, r) => sum + r.sent, 0);
  const receptions = reports.reduce((sum, r) => sum + r.receptions, 0);
  const latencies = new Float64Array(reports.reduce((sum, r) => sum + r.latenciesMs.length, 0));
  let offset = 0;
  for (const report of reports) {
    latencies.set(report.latenciesMs, offset);
    offset += report.latenciesMs.length;
  }
  return {
    sent,
    lost: sent * (config.clients - 1) - receptions,
    latenciesMs: latencies,
    acknowledged: reports.flatMap((r) => r.acknowledged),
    clientCpuMs: reports.reduce((sum, r) => sum + r.cpuMs, 0),
  };
}

const send = (worker: ChildProcess, message: ToWorker) => worker.send(message);

/** The worker's next message of a type; rejects if it fails or exits first. */
function nextMessage<T extends FromWorker["type"]>(
  worker: ChildProcess,
  type: T,
): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type === type) {
        cleanup();
        resolve(message as Extract<FromWorker, { type: T }>);
      } else if (message.type === "failed") {
        cleanup();
        reject(new Error(`edit worker failed: ${message.message}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`edit worker exited (${code}) before "${type}"`));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("exit", onExit);
  });
}
