/**
 * Import jobs stopped at a known point, for tests that cancel them, kill the server under them or
 * read their progress there without racing their worker: `at(kind, state)` arms a hold, and the
 * next job of that kind whose worker starts that phase waits there until `release()`;
 * `beforeWrite(kind)` holds the next one as the main thread is about to write its result. Jobs
 * that reach no armed hold go on at once. Pass `hold` to startApp (`importHold`).
 */
import type { ImportJob } from "../../shared/api/importJobs.ts";
import type { ImportHold } from "../import/importJobs.ts";
import type { ImportJobRecord } from "../storage/importJobTypes.ts";

export type HeldImport = {
  /** Resolves with the job (its state and progress at that point) once it waits at the hold. */
  reached: Promise<ImportJobRecord>;
  /** Lets the job go on. */
  release: () => void;
};

type Armed = {
  kind: ImportJob["kind"];
  point: Parameters<ImportHold>[1];
  state: ImportJob["state"] | null;
  arrive: (job: ImportJobRecord) => void;
  gate: Promise<void>;
};

export function importHolds() {
  const armed: Armed[] = [];

  const hold: ImportHold = (job, point) => {
    const index = armed.findIndex(
      (a) => a.kind === job.kind && a.point === point && (a.state === null || a.state === job.state),
    );
    if (index === -1) return undefined;
    const [matched] = armed.splice(index, 1) as [Armed];
    matched.arrive({ ...job, progress: { ...job.progress } });
    return matched.gate;
  };

  const arm = (kind: ImportJob["kind"], point: Armed["point"], state: Armed["state"]): HeldImport => {
    const reached = Promise.withResolvers<ImportJobRecord>();
    const gate = Promise.withResolvers<void>();
    armed.push({ kind, point, state, arrive: reached.resolve, gate: gate.promise });
    return { reached: reached.promise, release: () => gate.resolve() };
  };

  return {
    hold,
    at: (kind: ImportJob["kind"], state: ImportJob["state"]) => arm(kind, "phase", state),
    beforeWrite: (kind: ImportJob["kind"]) => arm(kind, "write", null),
  };
}
