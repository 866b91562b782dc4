import type Database from "better-sqlite3";
import type { ImportJobPatch, ImportJobRecord, ImportJobStore } from "./importJobTypes.ts";

type Row = {
  id: string;
  owner_id: string;
  kind: ImportJobRecord["kind"];
  state: ImportJobRecord["state"];
  file_name: string;
  unit: ImportJobRecord["progress"]["unit"];
  done: number | null;
  total: number;
  dataset_id: string | null;
  error: string | null;
  error_code: string | null;
  error_params: string | null;
  created_at: string;
  updated_at: string;
};

const toRecord = (row: Row): ImportJobRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  kind: row.kind,
  state: row.state,
  fileName: row.file_name,
  progress: { unit: row.unit, done: row.done, total: row.total },
  datasetId: row.dataset_id,
  error: row.error,
  errorCode: row.error_code,
  ...(row.error_params ? { errorParams: JSON.parse(row.error_params) } : {}),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const paramsText = (params: ImportJobRecord["errorParams"]) => (params ? JSON.stringify(params) : null);

const FINISHED = "('done', 'failed', 'cancelled')";

export function sqliteImportJobs(db: Database.Database): ImportJobStore {
  const statements = {
    create: db.prepare(
      `INSERT INTO import_jobs (id, owner_id, kind, state, file_name, unit, done, total, dataset_id, error, error_code, error_params, created_at, updated_at)
       VALUES (@id, @ownerId, @kind, @state, @fileName, @unit, @done, @total, @datasetId, @error, @errorCode, @errorParams, @createdAt, @updatedAt)`,
    ),
    get: db.prepare<[string], Row>("SELECT * FROM import_jobs WHERE id = ?"),
    update: db.prepare(
      `UPDATE import_jobs SET state = coalesce(@state, state), unit = coalesce(@unit, unit),
         done = CASE WHEN @setProgress THEN @done ELSE done END, total = coalesce(@total, total),
         dataset_id = CASE WHEN @setDataset THEN @datasetId ELSE dataset_id END,
         error = CASE WHEN @setError THEN @error ELSE error END,
         error_code = CASE WHEN @setError THEN @errorCode ELSE error_code END,
         error_params = CASE WHEN @setError THEN @errorParams ELSE error_params END, updated_at = @at
       WHERE id = @id`,
    ),
    unfinished: db.prepare<[], Row>(`SELECT * FROM import_jobs WHERE state NOT IN ${FINISHED} ORDER BY created_at`),
    prune: db.prepare(`DELETE FROM import_jobs WHERE state IN ${FINISHED} AND updated_at < ?`),
  };
  return {
    create: (job) => {
      statements.create.run({ ...job, ...job.progress, errorParams: paramsText(job.errorParams) });
    },
    get: (id) => {
      const row = statements.get.get(id);
      return row ? toRecord(row) : null;
    },
    update: (id, patch: ImportJobPatch, at) => {
      statements.update.run({
        id,
        at,
        state: patch.state ?? null,
        setProgress: patch.progress ? 1 : 0,
        unit: patch.progress?.unit ?? null,
        done: patch.progress?.done ?? null,
        total: patch.progress?.total ?? null,
        setDataset: patch.datasetId !== undefined ? 1 : 0,
        datasetId: patch.datasetId ?? null,
        setError: patch.error !== undefined ? 1 : 0,
        error: patch.error?.slice(0, 2000) ?? null,
        errorCode: patch.errorCode ?? null,
        errorParams: paramsText(patch.errorParams),
      });
    },
    unfinished: () => statements.unfinished.all().map(toRecord),
    prune: (before) => {
      statements.prune.run(before);
    },
  };
}
