/** What every reader (CSV, XLSX, JSON, GeoJSON) gives: named columns and rows of values, before types are chosen. */
import type { CellValue } from "../../shared/dataset/index.ts";

export type SourceProblem = {
  /** `ragged-row`, `bad-quotes`, `renamed-column`, `merged-cells`, `formula-error`, `not-a-point`… */
  code: string;
  /** Line of the file (CSV) or row of the sheet (XLSX), or record number (JSON), from 1; null for the whole file. */
  line: number | null;
  /** In English, for the log and API callers; clients write their own from `code` and `params`. */
  message: string;
  /** What the message says, for a client to say it in the reader's language (docs/API.md lists them). */
  params: Record<string, string | number>;
};

export type RawTable = {
  /** Column names, unique and non-empty (blank ones become `Column N`, repeats get ` (2)`). */
  names: string[];
  /** One array per row, as long as `names`. CSV values are all text; XLSX and JSON keep their own types. */
  rows: CellValue[][];
  /** Where each row comes from in the file (line, sheet row, record number), for problems. */
  lines: number[];
  problems: SourceProblem[];
};

/** At most this many problems of one kind are listed; the count says how many there were. */
export const MAX_LISTED_PROBLEMS = 100;

/** Unique, non-empty names; reports the ones it had to change. */
export function uniqueNames(raw: string[], problems: SourceProblem[], line: number | null): string[] {
  const seen = new Set<string>();
  return raw.map((value, i) => {
    const base = value.replace(/\s+/g, " ").trim().slice(0, 200) || `Column ${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    seen.add(name.toLowerCase());
    if (name !== value)
      problems.push({
        code: "renamed-column",
        line,
        params: { column: i + 1, from: value.trim(), to: name },
        message:
          value.trim() === ""
            ? `column ${i + 1} has no name: called "${name}"`
            : `column ${i + 1} "${value}" is called "${name}"`,
      });
    return name;
  });
}
