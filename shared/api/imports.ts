/** Request and response shapes of the import API (preview, new dataset, update by key), shared by server and client. */
import { z } from "zod";
import { columnTypes } from "../dataset/schema.ts";
import { limits } from "../limits.ts";
import { createDatasetSchema, datasetSummarySchema } from "./datasets.ts";
import { importJobSchema } from "./importJobs.ts";
import { route } from "./route.ts";

const text = (max: number) => z.string().trim().max(max);
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const importFormats = ["csv", "xlsx", "json", "geojson"] as const;
export const importDelimiters = [",", ";", "\t", "|"] as const;

/** What a person may change in the preview: how the file is read. Everything is detected when left out. */
export const readOptionsSchema = z.object({
  encoding: z
    .string()
    .regex(/^[A-Za-z0-9_-]{2,40}$/)
    .optional(),
  delimiter: z.enum(importDelimiters).optional(),
  /** Index of the header row among the non-empty rows; null: the file has no header. */
  headerRow: z.number().int().min(0).max(1000).nullable().optional(),
  /** Index of the sheet of a workbook. */
  sheet: z.number().int().min(0).max(1000).optional(),
  /** How the importer writes dates and numbers (e.g. fr, en-US): read first. */
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional(),
  /** A Frictionless Table Schema (`{ fields: [...] }`) whose types and descriptions are applied. */
  tableSchema: z
    .object({ fields: z.array(z.looseObject({ name: z.string() })).max(limits.maxColumns) })
    .loose()
    .optional(),
});
export type ReadOptions = z.infer<typeof readOptionsSchema>;

export const columnPlanSchema = z.object({
  /** Index of the column in the file (as in the preview). */
  source: z.number().int().min(0).max(10_000),
  name: text(limits.maxColumnNameChars).min(1),
  type: z.enum(columnTypes),
  choices: z.array(text(limits.maxColumnNameChars).min(1)).max(1000).default([]),
  description: text(limits.maxMetaChars).optional(),
  /** The locale dates of this column are read in (from the preview). */
  dateLocale: z.string().max(35).optional(),
});
export type ColumnPlanInput = z.input<typeof columnPlanSchema>;

/**
 * A problem of the file: `code` and `params` to say it in the reader's language (docs/API.md lists
 * them), `message` in English for everyone else.
 */
export const sourceProblemSchema = z.object({
  code: z.string(),
  line: z.number().nullable(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type SourceProblem = z.infer<typeof sourceProblemSchema>;

export const columnProblemsSchema = z.object({
  column: z.string(),
  count: z.number(),
  examples: z.array(z.object({ line: z.number(), value: z.string(), error: z.string() })),
});
export type ColumnProblems = z.infer<typeof columnProblemsSchema>;

export const importPreviewSchema = z.object({
  /** The uploaded file, kept on the server for a while to import without sending it again. */
  uploadId: z.string(),
  fileName: z.string(),
  format: z.enum(importFormats),
  encoding: z.string().nullable(),
  delimiter: z.enum(importDelimiters).nullable(),
  headerRow: z.number().nullable(),
  sheets: z.array(z.object({ index: z.number(), name: z.string(), hidden: z.boolean(), rows: z.number() })),
  sheet: z.number().nullable(),
  rowCount: z.number(),
  /** The columns as the file reads them: a plan to send back as it is, or changed. */
  columns: z.array(
    z.object({
      source: z.number(),
      name: z.string(),
      type: z.enum(columnTypes),
      choices: z.array(z.string()),
      description: z.string().optional(),
      dateLocale: z.string().optional(),
    }),
  ),
  /** The first rows as they will be stored, in the order of `columns`. */
  rows: z.array(z.array(cellValue)),
  /** Problems of the file itself: ragged rows, broken quotes, renamed columns, skipped lines… */
  problems: z.array(sourceProblemSchema),
  /** Values that do not fit their column's type (kept as text), per column, over the whole file. */
  columnProblems: z.array(columnProblemsSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const previewRequestSchema = readOptionsSchema;

export const importDatasetSchema = readOptionsSchema.extend({
  // The new dataset's metadata and workspace, as when creating one by hand.
  ...createDatasetSchema.pick({ title: true, description: true, source: true, licence: true, workspaceId: true }).shape,
  /** The columns to create, in order; by default every column of the preview with its inferred type. */
  columns: z.array(columnPlanSchema).min(1).max(limits.maxColumns).optional(),
});
export type ImportDatasetRequest = z.input<typeof importDatasetSchema>;

export const updateByKeySchema = readOptionsSchema.extend({
  uploadId: z.string().min(1).max(100),
  /** The dataset column whose values identify rows. */
  keyColumnId: z.string().min(1).max(20),
  /** File column → dataset column; by default columns of the same name (case and spaces aside). */
  mapping: z
    .array(z.object({ source: z.number().int().min(0), columnId: z.string().min(1).max(20) }))
    .max(limits.maxColumns)
    .optional(),
  /** Delete the dataset's rows whose key is not in the file (kept by default). */
  deleteMissing: z.boolean().default(false),
});
export type UpdateByKeyRequest = z.input<typeof updateByKeySchema>;

export const updateByKeyPreviewSchema = z.object({
  added: z.number(),
  changedRows: z.number(),
  changedCells: z.number(),
  removed: z.number(),
  unchanged: z.number(),
  /** Whether removed rows are deleted (deleteMissing) or kept. */
  deletesMissing: z.boolean(),
  /** File columns matched to dataset columns, and those left out. */
  matched: z.array(z.object({ source: z.number(), name: z.string(), columnId: z.string() })),
  unmatched: z.array(z.string()),
  examples: z.object({
    added: z.array(z.object({ key: z.string(), line: z.number() })),
    changed: z.array(
      z.object({
        key: z.string(),
        rowId: z.string(),
        cells: z.array(z.object({ columnId: z.string(), before: z.unknown(), after: z.unknown() })),
      }),
    ),
    removed: z.array(z.object({ key: z.string(), rowId: z.string() })),
  }),
  columnProblems: z.array(columnProblemsSchema),
});
export type UpdateByKeyPreview = z.infer<typeof updateByKeyPreviewSchema>;

export const updateByKeyResultSchema = updateByKeyPreviewSchema.extend({ applied: z.literal(true) });
export type UpdateByKeyResult = z.infer<typeof updateByKeyResultSchema>;

/** `POST /api/imports`: the file's name and the importer's locale, beside the file's bytes as the body. */
export const uploadQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(255).default("file"),
  locale: readOptionsSchema.shape.locale,
});
export const linkSchema = z.object({ url: z.string().trim().min(1).max(2000), locale: readOptionsSchema.shape.locale });

export const importApi = {
  /** The body is the file's bytes (application/octet-stream), sent by client/importUpload.ts with progress. */
  upload: route({
    method: "POST",
    path: "/api/imports",
    query: uploadQuerySchema,
    answer: importPreviewSchema,
    status: 201,
    large: true,
  }),
  fromLink: route({
    method: "POST",
    path: "/api/imports/link",
    body: linkSchema,
    answer: importPreviewSchema,
    status: 201,
    large: true,
  }),
  preview: route({
    method: "POST",
    path: "/api/imports/:uploadId/preview",
    body: previewRequestSchema,
    answer: importPreviewSchema,
    large: true,
  }),
  /** Waits for the import's end; `startCreate` answers at once with a job to follow. */
  create: route({
    method: "POST",
    path: "/api/imports/:uploadId/dataset",
    body: importDatasetSchema,
    answer: datasetSummarySchema,
    status: 201,
  }),
  startCreate: route({
    method: "POST",
    path: "/api/imports/:uploadId/jobs",
    body: importDatasetSchema,
    answer: importJobSchema,
    status: 202,
  }),
  updatePreview: route({
    method: "POST",
    path: "/api/datasets/:id/import/preview",
    body: updateByKeySchema,
    answer: updateByKeyPreviewSchema,
  }),
  update: route({
    method: "POST",
    path: "/api/datasets/:id/import",
    body: updateByKeySchema,
    answer: updateByKeyResultSchema,
  }),
  startUpdate: route({
    method: "POST",
    path: "/api/datasets/:id/import/jobs",
    body: updateByKeySchema,
    answer: importJobSchema,
    status: 202,
  }),
};
