/**
 * Import jobs on the main thread: each runs in its own worker thread (importWorker.ts) so that the
 * server keeps serving while a large file is read and built, one at a time (the others wait,
 * `queued`). Their state and progress are stored (storage.importJobs), so a reloaded page finds
 * its import again. The worker only computes; the result is written here in one step, after the
 * person's rights are checked again: a new dataset in one storage transaction, an update as one
 * Yjs update on the live document. A job cancelled or failed before that step has written
 * nothing. When the server stops, its running jobs stop with it (their files live in memory only;
 * one writing its result is let finish first): at the next start they are marked failed, and a
 * dataset whose creation was interrupted is deleted. Tests may hold a job at the start of one of
 * its phases, or just before its write (`hold`, see server/test/importHolds.ts), to cancel it or
 * stop the server at a known point.
 */
import { Worker } from "node:worker_threads";
import type { Hocuspocus } from "@hocuspocus/server";
import * as Y from "yjs";
import type { ImportErrorParams } from "../../shared/api/importErrors.ts";
import { finishedJobStates, type ImportJob } from "../../shared/api/importJobs.ts";
import type { UpdateByKeyPreview } from "../../shared/api/imports.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { type DatasetId, newDatasetId, randomId } from "../../shared/ids.ts";
import { storeNewDataset } from "../datasets/createDataset.ts";
import { workspaceToCreateIn } from "../datasets/workspaces.ts";
import { may, type Principal } from "../rights/access.ts";
import type { UserRecord } from "../storage/accountTypes.ts";
import type { ImportJobPatch, ImportJobRecord } from "../storage/importJobTypes.ts";
import type { Storage } from "../storage/types.ts";
import { ImportError } from "./importError.ts";
import type { CreateInput, JobInput, JobOutput, JobStep, UpdateInput } from "./importJob.ts";
import type { WorkerData } from "./importWorker.ts";

/** Unfinished jobs one person may have at once. */
export const JOBS_PER_PERSON = 2;
/** Finished jobs are kept this long, for a page reloaded late to read how it ended. */
const KEEP_FINISHED_MS = 24 * 3_600_000;

export type JobOwner = { user: UserRecord; principal: Principal };
/**
 * Tests only: called at `phase` as a job's worker starts a phase (`job.state` and `job.progress`
 * are that phase's first report), the worker waiting there; and at `write` as this thread is
 * about to write the worker's result. The job waits until the promise returned resolves.
 */
export type ImportHold = (job: ImportJobRecord, point: "phase" | "write") => Promise<void> | undefined;
type Log = { error: (object: object, message: string) => void; info: (object: object, message: string) => void };

/** How a job ended, for a caller that waits for it (the synchronous routes). */
export type JobEnd = {
  job: ImportJobRecord;
  /** Why it failed: the reader's code (`cell-too-long`, `duplicate-key`…), `too-large`, `forbidden`, `internal`. */
  code?: string;
  /** The values of an ImportError's message (server/import/importError.ts), when it failed with one. */
  params?: ImportErrorParams;
  preview?: UpdateByKeyPreview;
};

/** A job whose worker runs; `writing` once this thread writes its result (a close waits for it). */
type Running = { pending: Pending; worker: Worker; writing: Promise<void> | null };

type Pending = {
  job: ImportJobRecord;
  input: JobInput;
  /** Checks the rights again and writes the worker's result; returns the preview of an update. */
  write: (output: JobOutput, job: ImportJobRecord) => Promise<UpdateByKeyPreview | undefined>;
  afterWrite: () => void;
};

export function importJobs({
  storage,
  hocuspocus,
  log,
  hold,
}: {
  storage: Storage;
  hocuspocus: Hocuspocus;
  log: Log;
  hold?: ImportHold;
}) {
  const queue: Pending[] = [];
  const running = new Map<string, Running>();
  const waiters = new Map<string, ((end: JobEnd) => void)[]>();
  const unfinishedOf = new Map<string, number>();
  /** How recent jobs ended, for a caller that asks just after. */
  const ends = new Map<string, JobEnd>();
  let closed = false;

  const now = () => new Date().toISOString();
  const update = async (job: ImportJobRecord, patch: ImportJobPatch) => {
    Object.assign(job, patch, { updatedAt: now() });
    await storage.importJobs.update(job.id, patch, job.updatedAt);
  };

  async function finish(pending: Pending, patch: ImportJobPatch, end: Omit<JobEnd, "job"> = {}) {
    const { job } = pending;
    running.delete(job.id);
    unfinishedOf.set(job.ownerId, (unfinishedOf.get(job.ownerId) ?? 1) - 1);
    await update(job, patch);
    if (patch.state === "done") pending.afterWrite();
    const ending = { job, ...end };
    ends.set(job.id, ending);
    setTimeout(() => ends.delete(job.id), 60_000).unref();
    for (const resolve of waiters.get(job.id) ?? []) resolve(ending);
    waiters.delete(job.id);
    next();
  }

  function next() {
    if (closed || running.size > 0) return;
    const pending = queue.shift();
    if (pending) start(pending);
  }

  function start(pending: Pending) {
    const { job, input } = pending;
    const workerData: WorkerData = { input, holds: hold !== undefined };
    const worker = new Worker(new URL("./importWorker.ts", import.meta.url), { workerData });
    worker.unref();
    const entry: Running = { pending, worker, writing: null };
    running.set(job.id, entry);
    let settled = false;
    const fail = (code: string, message: string, params?: ImportErrorParams) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      void finish(
        pending,
        { state: "failed", error: message, errorCode: code, ...(params ? { errorParams: params } : {}) },
        params ? { code, params } : { code },
      );
    };
    worker.on("message", (message: WorkerMessage) => {
      if (settled) return;
      if (message.type === "step") {
        void update(job, message.step);
        if (message.held)
          void Promise.resolve(hold?.(job, "phase")).then(() => {
            if (running.get(job.id) === entry) worker.postMessage("resume");
          });
        return;
      }
      if (message.type === "failed") {
        if (message.stack) log.error({ jobId: job.id, stack: message.stack }, "import job failed");
        return fail(message.code, message.message, message.params);
      }
      settled = true;
      void worker.terminate();
      entry.writing = (async () => {
        await update(job, { state: "writing", progress: { ...job.progress, done: job.progress.total } });
        await hold?.(job, "write");
        const preview = await pending.write(message.output, job);
        await finish(pending, { state: "done" }, preview ? { preview } : {});
        log.info({ jobId: job.id, datasetId: job.datasetId, kind: job.kind }, "import job done");
      })().catch(async (error: unknown) => {
        if (error instanceof ImportError)
          return finish(
            pending,
            { state: "failed", error: error.message, errorCode: error.code, errorParams: error.params },
            { code: error.code, params: error.params },
          );
        log.error({ jobId: job.id, err: error }, "import job could not be written");
        await finish(
          pending,
          { state: "failed", error: "Something went wrong on the server while writing.", errorCode: "internal" },
          { code: "internal" },
        );
      });
    });
    worker.on("error", (error) => {
      log.error({ jobId: job.id, err: error }, "import worker crashed");
      const tooLarge = (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
      fail(
        tooLarge ? "too-large" : "internal",
        tooLarge
          ? "The file is too large to import on this server."
          : "Something went wrong on the server while importing.",
      );
    });
    worker.on("exit", () => fail("internal", "The import stopped before it was finished."));
  }

  async function enqueue(
    owner: JobOwner,
    kind: ImportJob["kind"],
    input: JobInput,
    datasetId: string | null,
    write: Pending["write"],
    afterWrite: () => void,
  ): Promise<ImportJobRecord> {
    const userId = owner.user.id;
    if ((unfinishedOf.get(userId) ?? 0) >= JOBS_PER_PERSON)
      throw new ImportError(
        "too-many-jobs",
        `You already have ${JOBS_PER_PERSON} imports under way: wait for one to finish, or cancel it.`,
        { count: JOBS_PER_PERSON },
      );
    const at = now();
    const job: ImportJobRecord = {
      id: randomId(16),
      ownerId: userId,
      kind,
      state: "queued",
      fileName: input.fileName,
      progress: { unit: "bytes", done: null, total: input.bytes.byteLength },
      datasetId,
      error: null,
      errorCode: null,
      createdAt: at,
      updatedAt: at,
    };
    await storage.importJobs.create(job);
    unfinishedOf.set(userId, (unfinishedOf.get(userId) ?? 0) + 1);
    queue.push({ job, input, write, afterWrite });
    next();
    return job;
  }

  const forbidden = (message: string, context: "create" | "update") =>
    new ImportError("forbidden", message, { context });

  return {
    /** A new dataset from a file, in `workspaceId` (checked again before it is written). */
    create(
      owner: JobOwner,
      input: Omit<CreateInput, "kind">,
      workspaceId: string | undefined,
      afterWrite: () => void,
    ): Promise<ImportJobRecord> {
      const id: DatasetId = newDatasetId();
      return enqueue(
        owner,
        "create",
        { kind: "create", ...input },
        null,
        async (output, job) => {
          if (output.kind !== "create") throw new Error("a create job answered an update");
          const workspace = await workspaceToCreateIn(storage, owner.user, workspaceId);
          if (!workspace) throw forbidden("You may no longer create datasets in this workspace.", "create");
          // Recorded first: a restart during the write deletes what it may have left.
          await update(job, { datasetId: id });
          await storeNewDataset(
            storage,
            { title: input.meta.title, description: input.meta.description },
            output.state,
            { userId: owner.user.id, workspaceId: workspace.id },
            id,
          );
          return undefined;
        },
        afterWrite,
      );
    },

    /** An update by key of `datasetId`, from its document as it is now (rights checked again before writing). */
    async update(
      owner: JobOwner,
      datasetId: DatasetId,
      input: Omit<UpdateInput, "kind" | "document">,
      afterWrite: () => void,
    ): Promise<ImportJobRecord> {
      const dataset = await storage.datasets.get(datasetId);
      if (!dataset) throw new ImportError("no-dataset", "The dataset no longer exists.");
      const name = datasetDocumentName(dataset.id, dataset.epoch);
      const connection = await hocuspocus.openDirectConnection(name, {});
      let document: Uint8Array;
      try {
        if (!connection.document) throw new ImportError("no-dataset", "The dataset no longer exists.");
        document = Y.encodeStateAsUpdate(connection.document);
      } finally {
        await connection.disconnect();
      }
      return enqueue(
        owner,
        "update",
        { kind: "update", ...input, document },
        datasetId,
        async (output) => {
          if (output.kind !== "update") throw new Error("an update job answered a create");
          const now = await storage.datasets.get(datasetId);
          if (!now || !(await may(storage, owner.principal, now, "editCells")))
            throw forbidden("You may no longer edit this dataset.", "update");
          if (now.epoch !== dataset.epoch)
            throw new ImportError("dataset-changed", "The dataset was reset meanwhile: import the file again.");
          const live = await hocuspocus.openDirectConnection(name, {});
          try {
            if (!live.document) throw new ImportError("no-dataset", "The dataset no longer exists.");
            // One update, one transaction: the whole change is logged at once, attributed to the importer.
            Y.applyUpdate(live.document, output.update, {
              source: "local",
              context: { principal: owner.principal, reason: "import" },
            });
          } finally {
            await live.disconnect();
          }
          return output.preview;
        },
        afterWrite,
      );
    },

    /** A person's jobs under way, oldest first. */
    underway(ownerId: string): ImportJobRecord[] {
      return [...[...running.values()].map((r) => r.pending.job), ...queue.map((p) => p.job)].filter(
        (job) => job.ownerId === ownerId,
      );
    },

    /** The job, for its owner only. */
    async get(id: string, ownerId: string): Promise<ImportJobRecord | null> {
      const job = jobOf(id) ?? (await storage.importJobs.get(id));
      return job && job.ownerId === ownerId ? job : null;
    },

    /** Stops a job that has not started writing; a job already writing (a moment) or finished is left as it is. */
    async cancel(id: string, ownerId: string): Promise<ImportJobRecord | null> {
      const queued = queue.findIndex((p) => p.job.id === id && p.job.ownerId === ownerId);
      if (queued !== -1) {
        const [pending] = queue.splice(queued, 1);
        if (pending) await finish(pending, { state: "cancelled" });
        return pending?.job ?? null;
      }
      const entry = running.get(id);
      if (entry && entry.pending.job.ownerId === ownerId && !entry.writing) {
        // Marked cancelled before the worker is gone: a second cancel meanwhile finds it cancelled.
        const stopped = stopWorker(entry.worker);
        await finish(entry.pending, { state: "cancelled" });
        await stopped;
        return entry.pending.job;
      }
      return this.get(id, ownerId);
    },

    /** Resolves when the job is done, failed or cancelled. */
    async ended(id: string): Promise<JobEnd> {
      const ended = ends.get(id);
      if (ended) return ended;
      const job = jobOf(id) ?? (await storage.importJobs.get(id));
      if (!job) throw new Error(`no import job ${id}`);
      if (finishedJobStates.includes(job.state)) return { job };
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },

    /**
     * At start: jobs a previous run left unfinished failed with it (their files were in memory);
     * a dataset whose creation it was writing is deleted, whatever part of it was stored.
     */
    async recover(): Promise<void> {
      for (const job of await storage.importJobs.unfinished()) {
        if (job.kind === "create" && job.datasetId) {
          const dataset = await storage.datasets.get(job.datasetId as DatasetId);
          if (dataset) await storage.datasets.delete(dataset.id);
        }
        // An update's changes are all counted done once this thread writes them into the dataset (not before).
        const intoDataset =
          job.kind === "update" && job.state === "writing" && job.progress.done === job.progress.total;
        const message = intoDataset
          ? "The server stopped while writing this update: the dataset has all of it or none of it; look at it before importing again."
          : "The server stopped during this import, and nothing was imported: import the file again.";
        const errorCode = intoDataset ? "interrupted-writing" : "interrupted";
        await storage.importJobs.update(job.id, { state: "failed", error: message, errorCode }, now());
      }
      await storage.importJobs.prune(new Date(Date.now() - KEEP_FINISHED_MS).toISOString());
    },

    /** Stops the jobs under way, except one writing its result (a moment): that one is waited for. */
    async close(): Promise<void> {
      closed = true;
      queue.length = 0;
      await Promise.all([...running.values()].map(({ worker, writing }) => writing ?? stopWorker(worker)));
      running.clear();
    },
  };

  function jobOf(id: string): ImportJobRecord | null {
    return running.get(id)?.pending.job ?? queue.find((p) => p.job.id === id)?.job ?? null;
  }
}

/** Ends a worker whose messages no longer matter (an error it raises while ending is not a crash). */
async function stopWorker(worker: Worker): Promise<void> {
  worker.removeAllListeners();
  worker.on("error", () => {});
  await worker.terminate();
}

type WorkerMessage =
  | { type: "step"; step: JobStep; held: boolean }
  | { type: "done"; output: JobOutput }
  | { type: "failed"; code: string; message: string; params?: ImportErrorParams; stack?: string };

export type ImportJobs = ReturnType<typeof importJobs>;
