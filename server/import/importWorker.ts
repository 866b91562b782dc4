/** The worker thread of one import job (importJobs.ts starts one per job and ends it when done or cancelled). */
import { parentPort, workerData } from "node:worker_threads";
import { ImportError } from "./importError.ts";
import { type JobInput, type JobStep, runImportJob } from "./importJob.ts";

/** Least time between two progress reports of the same state. */
const REPORT_MS = 200;

let last: { state: string; at: number } = { state: "", at: 0 };
const report = (step: JobStep) => {
  const now = Date.now();
  const done = step.progress.done !== null && step.progress.done === step.progress.total;
  if (step.state === last.state && now - last.at < REPORT_MS && !done) return;
  last = { state: step.state, at: now };
  parentPort?.postMessage({ type: "step", step });
};

runImportJob(workerData as JobInput, report).then(
  (output) => {
    const buffer = output.kind === "create" ? output.state.buffer : output.update.buffer;
    parentPort?.postMessage({ type: "done", output }, [buffer as ArrayBuffer]);
  },
  (error: unknown) => {
    if (error instanceof ImportError)
      parentPort?.postMessage({ type: "failed", code: error.code, message: error.message });
    else
      parentPort?.postMessage({
        type: "failed",
        code: "internal",
        message: "Something went wrong on the server while importing.",
        stack: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
  },
);
