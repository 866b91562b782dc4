/**
 * From a read table and the columns a person chose (types adjusted in the preview) to the values
 * stored: each value read by parseCell for its column. A value that does not fit its column is
 * kept as the text it was, shown as invalid in the grid, and listed in the column's problems
 * with its line, as a paste does. Nothing is dropped.
 */
import { type CellValue, type ColumnType, parseCell } from "../../shared/dataset/index.ts";
import { limits } from "../../shared/limits.ts";
import { ImportError } from "./importError.ts";
import { type InferOptions, inferColumn, MAX_CHOICES } from "./inferTypes.ts";
import type { RawTable } from "./table.ts";

export type ColumnPlan = {
  /** Index of the column in the read table. */
  source: number;
  name: string;
  type: ColumnType;
  choices: string[];
  description?: string;
  dateLocale?: string;
};

export type ColumnProblems = {
  column: string;
  /** How many values do not fit the column's type (kept as text). */
  count: number;
  /** The first few, with their line. */
  examples: { line: number; value: string; error: string }[];
};

const EXAMPLES = 5;

/** Whether a text begins with a printable ASCII character: not blank, without a regular expression. */
const startsVisibly = (value: string) => {
  const code = value.charCodeAt(0);
  return code > 32 && code < 127;
};
const NOT_BLANK = /\S/;

/** The proposed plan: every column, with its inferred type. */
export function proposePlan(table: RawTable, options: InferOptions = {}): ColumnPlan[] {
  // Types are inferred from at most SAMPLE rows spread over the file; values that do not fit
  // are found by the conversion of every row, and listed as problems.
  const step = Math.max(1, Math.ceil(table.rows.length / SAMPLE));
  const sample: CellValue[][] = [];
  for (let r = 0; r < table.rows.length; r += step) sample.push(table.rows[r] as CellValue[]);
  return table.names.map((name, source) => {
    const guess = inferColumn(
      name,
      sample.map((row) => row[source] ?? null),
      options,
    );
    const plan: ColumnPlan = { source, name, ...guess };
    if (plan.type !== "choice" || step === 1) return plan;
    const [complete] = completeChoices(table, [{ ...plan, choices: [] }]);
    return complete && complete.choices.length <= MAX_CHOICES ? complete : { source, name, type: "text", choices: [] };
  });
}

const SAMPLE = 10_000;

/** Choices for a column turned into `choice` without its own list: its distinct values. */
export function completeChoices(table: RawTable, plans: ColumnPlan[]): ColumnPlan[] {
  return plans.map((plan) => {
    if (plan.type !== "choice" || plan.choices.length > 0) return plan;
    const distinct = new Set<string>();
    for (const row of table.rows) {
      const v = row[plan.source];
      if (v !== null && v !== undefined && String(v).trim() !== "") distinct.add(String(v).trim());
    }
    return { ...plan, choices: [...distinct].slice(0, 1000) };
  });
}

export type Converted = { rows: CellValue[][]; problems: ColumnProblems[] };

/** The stored values of `rows` (all of them by default), one array per row in plan order. */
export function convertRows(
  table: RawTable,
  plans: ColumnPlan[],
  options: { locale?: string; limit?: number } = {},
): Converted {
  const reader = rowReader(table, plans, options);
  const end = Math.min(table.rows.length, options.limit ?? table.rows.length);
  const rows: CellValue[][] = new Array(end);
  for (let r = 0; r < end; r++) rows[r] = reader.row(r);
  return { rows, problems: reader.problems() };
}

export type RowReader = {
  /** The stored values of row `r` of the table, in plan order. */
  row: (r: number) => CellValue[];
  /** The same values written into `out` from `offset` on (into a block row, after its id and position). */
  into: (r: number, out: CellValue[], offset: number) => void;
  /** The same for a row of values read from line `line`, not kept in the table (a CSV read with `eachRow`). */
  convert: (values: readonly CellValue[], line: number, out: CellValue[], offset: number) => void;
  /** The values read so far that do not fit their column. */
  problems: () => ColumnProblems[];
};

/** Reads a table's rows for the chosen columns one at a time, so that a caller need not hold them all converted. */
export function rowReader(table: RawTable, plans: ColumnPlan[], options: { locale?: string } = {}): RowReader {
  const problems: ColumnProblems[] = plans.map((p) => ({ column: p.name, count: 0, examples: [] }));
  const readers = plans.map((plan) => {
    const column = { type: plan.type, choices: plan.choices };
    const reading = { locale: plan.dateLocale ?? options.locale };
    return (value: CellValue) => parseCell(column, value, reading);
  });
  const sources = plans.map((plan) => plan.source);
  const isText = plans.map((plan) => plan.type === "text");
  const convert = (values: readonly CellValue[], line: number, out: CellValue[], offset: number): void => {
    for (let c = 0; c < plans.length; c++) {
      const value = values[sources[c] as number] ?? null;
      if (value === null) {
        out[offset + c] = null;
        continue;
      }
      // Text into a text column, as parseCell reads it (blank is empty), without its allocations.
      if (isText[c] && typeof value === "string" && value.length <= limits.maxCellChars) {
        out[offset + c] = startsVisibly(value) || NOT_BLANK.test(value) ? value : null;
        continue;
      }
      const parsed = (readers[c] as (v: CellValue) => ReturnType<typeof parseCell>)(value);
      if (parsed.ok) {
        out[offset + c] = parsed.value;
        continue;
      }
      if (parsed.error === "too-long")
        throw new ImportError(
          "cell-too-long",
          `Row ${line}, column "${plans[c]?.name}": a cell holds at most ${limits.maxCellChars} characters.`,
          { context: "row", line, name: plans[c]?.name ?? "", max: limits.maxCellChars },
        );
      out[offset + c] = String(value);
      const problem = problems[c] as ColumnProblems;
      problem.count++;
      if (problem.examples.length < EXAMPLES)
        problem.examples.push({ line, value: String(value), error: parsed.error });
    }
  };
  const into = (r: number, out: CellValue[], offset: number): void =>
    convert(table.rows[r] as CellValue[], table.lines[r] ?? r + 1, out, offset);
  const row = (r: number): CellValue[] => {
    const out: CellValue[] = new Array(plans.length);
    into(r, out, 0);
    return out;
  };
  return { row, into, convert, problems: () => problems.filter((p) => p.count > 0) };
}
