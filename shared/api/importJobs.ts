/**
 * Import jobs: an import into a new dataset, or an update by key, running on the server in a
 * worker thread. The page starts one, follows its progress (by polling), may cancel it, and finds
 * it again after a reload by its id.
 */
import { z } from "zod";
import { importErrorReasonSchema } from "./importErrors.ts";
import { route } from "./route.ts";

/** queued → reading → building → writing → done; or failed / cancelled, which leave nothing written. */
export const importJobStates = ["queued", "reading", "building", "writing", "done", "failed", "cancelled"] as const;
export type ImportJobState = (typeof importJobStates)[number];
export const finishedJobStates: readonly ImportJobState[] = ["done", "failed", "cancelled"];

export const importJobSchema = z.object({
  id: z.string(),
  kind: z.enum(["create", "update"]),
  state: z.enum(importJobStates),
  fileName: z.string(),
  /**
   * What is counted: the file's bytes while reading, then its rows (read into a new dataset, or
   * compared with the dataset updated), then for an update the changes written (cells, added
   * rows, deleted rows). `done` is null when not known yet.
   */
  progress: z.object({
    unit: z.enum(["bytes", "rows", "changes"]),
    done: z.number().int().nullable(),
    total: z.number().int(),
  }),
  /** The dataset created (when done) or updated. */
  datasetId: z.string().nullable(),
  /** Why it failed, in words (with the line and column when a value is the cause). */
  error: z.string().nullable(),
  /**
   * Why it failed, as a code the page says in its reader's language: `interrupted` (the server
   * stopped, nothing imported), `interrupted-writing` (it stopped while writing an update into the
   * dataset), `forbidden`, `dataset-changed`, `no-dataset`, `too-large`, `internal`, or the reader's
   * own code (`duplicate-key`, `cell-too-long`…, said by `error` in English).
   */
  errorCode: z.string().nullable(),
  /** The values `error` names when `errorCode` is the reader's own (shared/api/importErrors.ts): line, column, key… */
  errorParams: importErrorReasonSchema.shape.params.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** The caller's imports under way (queued or running). */
export const importJobListSchema = z.object({ jobs: z.array(importJobSchema) });

export const importJobParamsSchema = z.object({ jobId: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/) });

export const importJobApi = {
  underway: route({ method: "GET", path: "/api/import-jobs", answer: importJobListSchema }),
  get: route({ method: "GET", path: "/api/import-jobs/:jobId", answer: importJobSchema }),
  cancel: route({ method: "POST", path: "/api/import-jobs/:jobId/cancel", answer: importJobSchema }),
};
