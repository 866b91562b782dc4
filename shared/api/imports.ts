/** Request and response shapes of the import API (preview, new dataset, update by key), shared by server and client. */
import { z } from "zod";
import { columnTypes } from "../dataset/schema.ts";
import { limits } from "../limits.ts";
import { createDatasetSchema } from "./datasets.ts";

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
export type SourceProblem = {
  code: string;
  line: number | null;
  message: string;
  params: Record<string, string | number>;
};
export type ColumnProblems = {
  column: string;
  count: number;
  examples: { line: number; value: string; error: string }[];
};

export type ImportPreview = {
  /** The uploaded file, kept on the server for a while to import without sending it again. */
  uploadId: string;
  fileName: string;
  format: (typeof importFormats)[number];
  encoding: string | null;
  delimiter: (typeof importDelimiters)[number] | null;
  headerRow: number | null;
  sheets: { index: number; name: string; hidden: boolean; rows: number }[];
  sheet: number | null;
  rowCount: number;
  columns: z.output<typeof columnPlanSchema>[];
  /** The first rows as they will be stored, in the order of `columns`. */
  rows: z.infer<typeof cellValue>[][];
  /** Problems of the file itself: ragged rows, broken quotes, renamed columns, skipped lines… */
  problems: SourceProblem[];
  /** Values that do not fit their column's type (kept as text), per column, over the whole file. */
  columnProblems: ColumnProblems[];
};

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

export type UpdateByKeyPreview = {
  added: number;
  changedRows: number;
  changedCells: number;
  removed: number;
  unchanged: number;
  /** Whether removed rows are deleted (deleteMissing) or kept. */
  deletesMissing: boolean;
  /** File columns matched to dataset columns, and those left out. */
  matched: { source: number; name: string; columnId: string }[];
  unmatched: string[];
  examples: {
    added: { key: string; line: number }[];
    changed: { key: string; rowId: string; cells: { columnId: string; before: unknown; after: unknown }[] }[];
    removed: { key: string; rowId: string }[];
  };
  columnProblems: ColumnProblems[];
};

export type UpdateByKeyResult = UpdateByKeyPreview & { applied: true };
