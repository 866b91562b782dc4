/** Storage contract for import jobs (server/import/importJobs.ts): their state, kept across reloads and restarts. */
import type { ImportJob } from "../../shared/api/importJobs.ts";
import type { MaybePromise } from "./types.ts";

export type ImportJobRecord = ImportJob & { ownerId: string };

export type ImportJobPatch = Partial<
  Pick<ImportJobRecord, "state" | "progress" | "datasetId" | "error" | "errorCode" | "errorParams">
>;

export interface ImportJobStore {
  create(job: ImportJobRecord): MaybePromise<void>;
  get(id: string): MaybePromise<ImportJobRecord | null>;
  update(id: string, patch: ImportJobPatch, at: string): MaybePromise<void>;
  /** Jobs not done, failed or cancelled (after a restart: those the server was running when it stopped). */
  unfinished(): MaybePromise<ImportJobRecord[]>;
  /** Forgets finished jobs last changed before `before`. */
  prune(before: string): MaybePromise<void>;
}
