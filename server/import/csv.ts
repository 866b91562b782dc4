/**
 * CSV (and TSV) files: the encoding and delimiter detected or chosen, papaparse for the fields
 * (quoted cells may hold delimiters, quotes and line breaks), a header row, and every ragged row
 * or broken quote reported with its line. A short row is read with empty cells for the fields it
 * lacks; extra fields that hold something become extra columns; both are reported, never hidden.
 */
import Papa from "papaparse";
import type { CellValue } from "../../shared/dataset/index.ts";
import { limits } from "../../shared/limits.ts";
import { type Delimiter, detectDelimiter } from "./delimiter.ts";
import { decodePieces, detectEncoding, type Encoding } from "./encoding.ts";
import { detectHeaderRow, LOOK_AT_ROWS } from "./headerRow.ts";
import { ImportError } from "./importError.ts";
import { MAX_LISTED_PROBLEMS, type RawTable, type SourceProblem, uniqueNames } from "./table.ts";

export type CsvOptions = {
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** Index of the header row among the file's non-empty rows; null: no header. Detected when undefined. */
  headerRow?: number | null;
  /**
   * Where the rows below the header go as they are read, instead of into the table (its rows and
   * lines then stay empty, and its ragged rows are not listed): a job that writes each row at once
   * holds no whole table. Rows come as read, not squared up: a short row lacks its last fields.
   */
  eachRow?: (fields: CellValue[], line: number) => void;
  /** Called after each piece of the text is read, with the share of the text read so far. */
  onRead?: (share: number) => void;
};

export type CsvTable = RawTable & { encoding: Encoding; delimiter: Delimiter; headerRow: number | null };

export function readCsv(bytes: Uint8Array, options: CsvOptions = {}): CsvTable {
  const encoding = options.encoding ?? detectEncoding(bytes).encoding;
  const pieces = decodePieces(bytes, encoding);
  if (pieces.every((piece) => !VISIBLE.test(piece))) throw new ImportError("empty-file", "The file is empty.");
  const head = leading(pieces, HEAD_CHARS);
  if ((!encoding.startsWith("utf-16") && bytes.indexOf(0) !== -1) || looksBinary(head))
    throw new ImportError("not-text", "The file is not a text table (CSV): it holds binary data.");
  const delimiter = options.delimiter ?? detectDelimiter(head);
  if (options.eachRow) return streamRows(pieces, head, delimiter, encoding, options, options.eachRow);
  const rows: string[][] = [];
  const lines: number[] = [];
  const problems = parseFields(pieces, head, delimiter, (fields, line) => {
    rows.push(fields);
    lines.push(line);
  });
  if (rows.length === 0) throw new ImportError("empty-file", "The file has no rows.", { context: "rows" });
  const headerRow = options.headerRow === undefined ? detectHeaderRow(rows) : options.headerRow;
  if (headerRow !== null && (headerRow < 0 || headerRow >= rows.length))
    throw new ImportError("bad-header-row", `There is no row ${headerRow + 1} to take the column names from.`, {
      row: headerRow + 1,
    });
  const header = headerRow === null ? [] : (rows[headerRow] as string[]);
  const body = headerRow === null ? rows : rows.slice(headerRow + 1);
  const bodyLines = headerRow === null ? lines : lines.slice(headerRow + 1);
  if (headerRow !== null && headerRow > 0)
    problems.push({
      code: "skipped-rows",
      line: null,
      params: { count: headerRow, from: lines[0] ?? 1 },
      message: `the ${headerRow} row(s) above the column names (from line ${lines[0]}) are not imported`,
    });
  const table = squareUp(header, body, bodyLines, headerRow === null ? null : (lines[headerRow] ?? null), problems);
  return { ...table, encoding, delimiter, headerRow };
}

const VISIBLE = /\S/;
/** The start of the text that the checks, the delimiter's and the line break's guesses look at (papaparse's guess reads 1 MB). */
const HEAD_CHARS = 1024 * 1024;
/** A row still unfinished after this many characters (an unclosed quote) is read with all the rest at once, not again with each piece. */
const LONG_ROW_CHARS = 4 * 1024 * 1024;

/** The first `chars` characters of the text in `pieces` (all of it when shorter). */
function leading(pieces: readonly string[], chars: number): string {
  let text = "";
  for (const piece of pieces) {
    if (text.length >= chars) break;
    text += piece;
  }
  return text.slice(0, chars);
}

/** A value an export prefixed with ' so that spreadsheets do not run it (server/export/csvExport.ts). */
const NEUTRALISED = /^'[=+\-@\t\r\n]/;

/** Control characters other than tab and line breaks (NUL included) in the first 64 KiB: not a text file. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) controls++;
  }
  return controls > sample.length / 100;
}

/** Whether the text in `pieces` holds `word`, also across two pieces. */
function holds(pieces: readonly string[], word: string): boolean {
  const edge = word.length - 1;
  return pieces.some(
    (piece, i) =>
      piece.includes(word) ||
      (i > 0 && `${(pieces[i - 1] as string).slice(-edge)}${piece.slice(0, edge)}`.includes(word)),
  );
}

/**
 * readCsv for `eachRow`: the first rows are kept until the header row is known (detected on the
 * first LOOK_AT_ROWS, as readCsv does), then every row below it goes to `eachRow` as it is read.
 */
function streamRows(
  pieces: string[],
  head: string,
  delimiter: Delimiter,
  encoding: Encoding,
  options: CsvOptions,
  eachRow: (fields: CellValue[], line: number) => void,
): CsvTable {
  const first: string[][] = [];
  const firstLines: number[] = [];
  let headerRow = options.headerRow;
  let header: string[] | null = null;
  let headerLine: number | null = null;
  let width = 0;
  const take = (fields: string[], line: number) => {
    let end = fields.length;
    while (end > width && fields[end - 1] === "") end--;
    if (end > width) width = end;
    eachRow(fields, line);
  };
  // Once the header row is known: the rows kept below it go on, those above are skipped.
  const decide = () => {
    if (first.length === 0) throw new ImportError("empty-file", "The file has no rows.", { context: "rows" });
    headerRow = headerRow === undefined ? detectHeaderRow(first) : headerRow;
    if (headerRow !== null && (headerRow < 0 || headerRow >= first.length))
      throw new ImportError("bad-header-row", `There is no row ${headerRow + 1} to take the column names from.`, {
        row: headerRow + 1,
      });
    header = headerRow === null ? [] : (first[headerRow] as string[]);
    headerLine = headerRow === null ? null : (firstLines[headerRow] ?? null);
    for (let r = headerRow === null ? 0 : headerRow + 1; r < first.length; r++)
      take(first[r] as string[], firstLines[r] as number);
  };
  const problems = parseFields(
    pieces,
    head,
    delimiter,
    (fields, line) => {
      if (header) return take(fields, line);
      first.push(fields);
      firstLines.push(line);
      const known = headerRow === undefined ? first.length >= LOOK_AT_ROWS : first.length > (headerRow ?? -1);
      if (known) decide();
    },
    options.onRead,
  );
  if (!header) decide();
  // Set by decide (TypeScript does not follow the assignment in its closure).
  const names: string[] = (header as string[] | null) ?? [];
  if (headerRow !== null && headerRow !== undefined && headerRow > 0)
    problems.push({
      code: "skipped-rows",
      line: null,
      params: { count: headerRow, from: firstLines[0] ?? 1 },
      message: `the ${headerRow} row(s) above the column names (from line ${firstLines[0]}) are not imported`,
    });
  const table = squareUp(names, [], [], headerLine, problems, width);
  return { ...table, encoding, delimiter, headerRow: headerRow ?? null };
}

/**
 * Each row of fields to `take` with the line it starts on; wholly empty lines are skipped.
 * `head`: the text's start. Returns the problems of quotes.
 */
function parseFields(
  pieces: string[],
  head: string,
  delimiter: Delimiter,
  take: (fields: string[], line: number) => void,
  onRead?: (share: number) => void,
): SourceProblem[] {
  const problems: SourceProblem[] = [];
  let quoteProblems = 0;
  // `reason`: papaparse's code, MissingQuotes (a quoted field never closed) or InvalidQuotes.
  const quoteProblem = (line: number, reason: string, message: string) => {
    if (++quoteProblems <= MAX_LISTED_PROBLEMS)
      problems.push({ code: "bad-quotes", line, params: { line, reason }, message: `line ${line}: ${message}` });
  };
  const accept = (fields: string[], startLine: number) => {
    if (fields.length === 1 && (fields[0] as string).trim() === "") return;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as string;
      // A formula neutralised by an export ('=…, '+…) reads back as it was written.
      if (field.charCodeAt(0) === 39 && NEUTRALISED.test(field)) fields[i] = field.slice(1);
      if (field.length > limits.maxCellChars)
        throw new ImportError(
          "cell-too-long",
          `Line ${startLine}, column ${i + 1}: a cell of ${field.length} characters; a cell holds at most ${limits.maxCellChars}.`,
          { context: "line", line: startLine, column: i + 1, length: field.length, max: limits.maxCellChars },
        );
    }
    take(fields, startLine);
  };

  // An unquoted NULL (how databases write an empty value) is empty, a quoted "NULL" is the text.
  const nulls = holds(pieces, "NULL");
  if (!nulls || !holds(pieces, '"NULL"')) {
    // The fast way: the pieces parsed one after the other (a row cut between two is carried over
    // to the next), each row's line counted from the line breaks inside its fields. The line
    // break is papaparse's guess on the text's start, as when it parses the whole text at once.
    // Without a quoted "NULL" anywhere, every field NULL was written unquoted.
    const linebreak = Papa.parse<string[]>(head, { delimiter, preview: 1 }).meta.linebreak as "\n" | "\r" | "\r\n";
    const lineBreak = linebreak === "\r" ? "\r" : "\n";
    const parser = new Papa.Parser({ delimiter, newline: linebreak });
    let line = 1;
    let carried = "";
    for (let p = 0; p < pieces.length; p++) {
      let text = carried + (pieces[p] as string);
      if (carried.length > LONG_ROW_CHARS) {
        text += pieces.slice(p + 1).join("");
        p = pieces.length - 1;
      }
      pieces[p] = ""; // read: its rows hold what they need of it
      const last = p === pieces.length - 1;
      const result = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
      const end = last ? text.length : result.meta.cursor;
      carried = text.slice(end);
      const errors = new Map<number, { code: string; message: string }>();
      for (const error of result.errors)
        if (error.type === "Quotes" && error.row !== undefined && !errors.has(error.row))
          errors.set(error.row, { code: error.code, message: error.message });
      // Each row read ends with a line break, but the file's last: when the text read has no more
      // line breaks than that, no field holds one, and each row is one line.
      const fieldsMayBreak = countChar(text, lineBreak, 0, end) > result.data.length - (last ? 1 : 0);
      for (let r = 0; r < result.data.length; r++) {
        const fields = result.data[r] as string[];
        const startLine = line;
        line++;
        if (fieldsMayBreak)
          for (const field of fields)
            if (field.includes(lineBreak)) line += countChar(field, lineBreak, 0, field.length);
        const error = errors.get(r);
        if (error) quoteProblem(startLine, error.code, error.message);
        if (nulls) for (let i = 0; i < fields.length; i++) if (fields[i] === "NULL") fields[i] = "";
        accept(fields, startLine);
      }
      onRead?.((p + 1) / pieces.length);
    }
    return problems;
  }

  // With a quoted "NULL" too, row by row: an unquoted NULL is told from a quoted one in the row's
  // own characters.
  const text = pieces.join("");
  let line = 1;
  let cursor = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    skipEmptyLines: false,
    step: (result) => {
      const startLine = line;
      const end = result.meta.cursor;
      for (let at = text.indexOf("\n", cursor); at !== -1 && at < end; at = text.indexOf("\n", at + 1)) line++;
      // A lone CR ends a line too, when the file uses CR alone (old Mac files).
      if (result.meta.linebreak === "\r") line += countChar(text, "\r", cursor, end);
      const rowStart = cursor;
      cursor = end;
      for (const error of result.errors)
        if (error.type === "Quotes") quoteProblem(startLine, error.code, error.message);
      const fields = result.data;
      if (fields.includes("NULL")) {
        const quoted = quotedFields(text.slice(rowStart, end), delimiter);
        fields.forEach((field, i) => {
          if (field === "NULL" && !quoted[i]) fields[i] = "";
        });
      }
      accept(fields, startLine);
    },
  });
  onRead?.(1);
  return problems;
}

/** For each field of one raw row, whether it was written in quotes. */
function quotedFields(raw: string, delimiter: Delimiter): boolean[] {
  const quoted: boolean[] = [];
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (fieldStart) {
      quoted.push(c === '"');
      fieldStart = false;
      if (c === '"') {
        inQuotes = true;
        continue;
      }
    }
    if (inQuotes) {
      if (c === '"') {
        if (raw[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (raw.startsWith(delimiter, i)) fieldStart = true;
  }
  if (fieldStart) quoted.push(false);
  return quoted;
}

function countChar(text: string, char: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf(char, from); at !== -1 && at < to; at = text.indexOf(char, at + 1)) n++;
  return n;
}

/**
 * Every row as wide as the header: short rows get empty cells, extra non-empty fields become extra
 * columns (`Column N`), trailing empty fields are dropped (they hold nothing). Each is reported.
 */
export function squareUp(
  header: readonly CellValue[],
  body: CellValue[][],
  bodyLines: number[],
  headerLine: number | null,
  problems: SourceProblem[],
  bodyWidth = 0,
): RawTable {
  const isEmpty = (v: CellValue) => v === null || v === "";
  let width = Math.max(header.length, bodyWidth);
  for (const row of body) {
    let end = row.length;
    while (end > width && isEmpty(row[end - 1] ?? null)) end--;
    if (end > width) width = end;
  }
  if (width > limits.maxColumns)
    throw new ImportError(
      "too-many-columns",
      `The file has ${width} columns; a dataset has at most ${limits.maxColumns}.`,
      { count: width, max: limits.maxColumns },
    );
  let ragged = 0;
  // In place: a large file's rows are not copied again.
  for (let i = 0; i < body.length; i++) {
    const row = body[i] as CellValue[];
    let end = row.length;
    while (end > header.length && isEmpty(row[end - 1] ?? null)) end--;
    if (header.length > 0 && end !== header.length) {
      if (++ragged <= MAX_LISTED_PROBLEMS) {
        const line = bodyLines[i] as number;
        problems.push({
          code: "ragged-row",
          line,
          params: { line, fields: end, expected: header.length },
          message:
            end < header.length
              ? `line ${line} has ${end} fields where the header has ${header.length}: the last ${header.length - end} are left empty`
              : `line ${line} has ${end} fields where the header has ${header.length}: the extra values go to extra columns`,
        });
      }
    }
    const length = row.length;
    row.length = width;
    for (let c = 0; c < width; c++) if (c >= length || row[c] === "" || row[c] === undefined) row[c] = null;
  }
  const rows = body;
  if (ragged > MAX_LISTED_PROBLEMS)
    problems.push({
      code: "ragged-row",
      line: null,
      params: { count: ragged },
      message: `${ragged} ragged rows in all`,
    });
  const names = uniqueNames(
    Array.from({ length: width }, (_, i) => String(header[i] ?? "")),
    header.length === 0 ? [] : problems,
    headerLine,
  );
  return { names, rows, lines: bodyLines, problems };
}
