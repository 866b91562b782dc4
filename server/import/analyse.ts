/**
 * A file read with the person's options, its columns planned (inferred types, or a Table Schema's),
 * and its preview: what the import API shows before anything is written.
 */
import type { ImportPreview, ReadOptions } from "../../shared/api/imports.ts";
import { type ColumnPlan, completeChoices, proposePlan, rowReader } from "./convert.ts";
import type { CsvOptions } from "./csv.ts";
import { type ReadResult, readFile } from "./readFile.ts";
import { applyTableSchema, parseTableSchema } from "./tableSchema.ts";

export const PREVIEW_ROWS = 20;

export type Analysis = { read: ReadResult; plans: ColumnPlan[]; locale: string };

export async function analyse(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<Analysis> {
  const read = await readWith(bytes, fileName, options);
  const locale = options.locale ?? "en";
  let plans = proposePlan(read.table, { locale, typed: read.format === "json" || read.format === "geojson" });
  const schema = options.tableSchema ?? read.tableSchema;
  if (schema) plans = completeChoices(read.table, applyTableSchema(plans, parseTableSchema(schema)));
  return { read, plans, locale };
}

/** The file read with the person's options, its columns not planned (a job given the preview's columns). */
export function readWith(
  bytes: Uint8Array,
  fileName: string,
  options: ReadOptions = {},
  rows: Pick<CsvOptions, "eachRow" | "onRead"> = {},
): Promise<ReadResult> {
  return readFile(bytes, {
    ...rows,
    fileName,
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
  });
}

/** The preview of an analysis, with the given plan (by default the proposed one). */
export function previewOf(
  uploadId: string,
  fileName: string,
  analysis: Analysis,
  plans = analysis.plans,
): ImportPreview {
  const { read } = analysis;
  // Every row is read for the columns' problems, but only the first are kept.
  const reader = rowReader(read.table, plans, { locale: analysis.locale });
  const rows = [];
  for (let r = 0; r < read.table.rows.length; r++) {
    const row = reader.row(r);
    if (r < PREVIEW_ROWS) rows.push(row);
  }
  return {
    uploadId,
    fileName,
    format: read.format,
    encoding: read.csv?.encoding ?? null,
    delimiter: read.csv?.delimiter ?? null,
    headerRow: read.headerRow,
    sheets: read.xlsx?.sheets ?? [],
    sheet: read.xlsx?.sheet ?? null,
    rowCount: read.table.rows.length,
    columns: plans.map((p) => ({ ...p, choices: p.choices })),
    rows,
    problems: read.table.problems,
    columnProblems: reader.problems(),
  };
}
