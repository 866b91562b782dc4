/**
 * The worker thread of one import job (importJobs.ts starts one per job and ends it when done or
 * cancelled). With `holds` (tests only), each phase's first report waits for the main thread's
 * "resume", so a test can cancel or kill the job at a known point.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ImportError } from "./importError.ts";
import { type JobInput, type Report, runImportJob } from "./importJob.ts";

export type WorkerData = { input: JobInput; holds: boolean };

/** Least time between two progress reports of the same state. */
const REPORT_MS = 200;

const { input, holds } = workerData as WorkerData;
let last: { state: string; at: number } = { state: "", at: 0 };
const report: Report = (step) => {
  const now = Date.now();
  const done = step.progress.done !== null && step.progress.done === step.progress.total;
  const phase = step.state !== last.state;
  if (!phase && now - last.at < REPORT_MS && !done) return;
  last = { state: step.state, at: now };
  const held = holds && phase;
  parentPort?.postMessage({ type: "step", step, held });
  if (held) return new Promise((resolve) => parentPort?.once("message", () => resolve()));
};

runImportJob(input, report).then(
  (output) => {
    const buffer = output.kind === "create" ? output.state.buffer : output.update.buffer;
    parentPort?.postMessage({ type: "done", output }, [buffer as ArrayBuffer]);
  },
  (error: unknown) => {
    if (error instanceof ImportError)
      parentPort?.postMessage({ type: "failed", code: error.code, message: error.message, params: error.params });
    else
      parentPort?.postMessage({
        type: "failed",
        code: "internal",
        message: "Something went wrong on the server while importing.",
        stack: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
  },
);
