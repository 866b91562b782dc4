/**
 * Updating a dataset from a new version of its file, rows matched by a key column: rows whose key
 * is new are added, cells whose value differs are written (and only those: rewriting every cell
 * on each re-import grows a document tenfold), rows keep their ids (history, proposals and links
 * stay attached), and rows whose key vanished from the file are deleted only when asked.
 * `planUpdate` computes it all without writing; `applyUpdate` writes the plan in one transaction.
 * Both may say how far they are (rows of the file compared, changes written), for a job's progress.
 */
import type * as Y from "yjs";
import type { UpdateByKeyPreview } from "../../shared/api/imports.ts";
import { type CellEdit, type CellValue, type DatasetView, deleteRows, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { type ColumnPlan, rowReader } from "./convert.ts";
import { ImportError } from "./importError.ts";
import type { RawTable } from "./table.ts";
import { appendRows } from "./writeRows.ts";

export type UpdateRequest = {
  keyColumnId: string;
  mapping?: { source: number; columnId: string }[];
  deleteMissing: boolean;
};

export type UpdatePlan = {
  preview: UpdateByKeyPreview;
  edits: CellEdit[];
  added: CellValue[][];
  addedColumns: ColumnId[];
  removed: RowId[];
};

const EXAMPLES = 20;
/** Rows compared, or changes written, between two calls of a progress callback. */
const PROGRESS_EVERY = 2_000;
const normalName = (name: string) => name.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
const keyText = (value: CellValue | undefined) =>
  value === null || value === undefined ? "" : String(value).normalize("NFC").trim();

export function planUpdate(
  view: DatasetView,
  table: RawTable,
  guesses: ColumnPlan[],
  request: UpdateRequest,
  locale: string,
  onProgress?: (rowsCompared: number) => void,
): UpdatePlan {
  const columns = view.columns();
  const byId = new Map(columns.map((c) => [c.id as string, c]));
  const key = byId.get(request.keyColumnId);
  if (!key)
    throw new ImportError("no-key-column", `The dataset has no column ${request.keyColumnId}.`, {
      column: request.keyColumnId,
    });
  const mapping =
    request.mapping ??
    table.names.flatMap((name, source) => {
      const column = columns.find((c) => normalName(c.name) === normalName(name));
      return column ? [{ source, columnId: column.id as string }] : [];
    });
  const matched = mapping.map(({ source, columnId }) => {
    const column = byId.get(columnId);
    if (!column || source >= table.names.length)
      throw new ImportError("bad-mapping", `File column ${source + 1} cannot go to dataset column ${columnId}.`, {
        column: source + 1,
        columnId,
      });
    return { source, name: table.names[source] as string, columnId, column };
  });
  const keyIndex = matched.findIndex((m) => m.columnId === key.id);
  if (keyIndex === -1)
    throw new ImportError("no-key-in-file", `The file has no column for the key "${key.name}" (matched by name).`, {
      name: key.name,
    });
  const mappedSources = new Set(matched.map((m) => m.source));
  const unmatched = table.names.filter((_, i) => !mappedSources.has(i));

  // The file's values read for the dataset's column types (dates in the order the file uses).
  const plans: ColumnPlan[] = matched.map(({ source, name, column }) => ({
    source,
    name,
    type: column.type,
    choices: column.choices,
    ...(guesses[source]?.dateLocale ? { dateLocale: guesses[source]?.dateLocale } : {}),
  }));
  // Each row is read for the dataset's columns as it is compared: the converted rows are never all held.
  const reader = rowReader(table, plans, { locale });

  const existing = new Map<string, RowId>();
  for (const row of view.rowsInOrder()) {
    const k = keyText(row.cells[key.id]);
    if (k === "") continue;
    if (existing.has(k))
      throw new ImportError(
        "duplicate-key",
        `The key "${k}" is on two rows of the dataset: choose a key that is unique.`,
        { context: "dataset", key: k },
      );
    existing.set(k, row.id);
  }

  const seen = new Map<string, number>();
  const edits: CellEdit[] = [];
  const added: CellValue[][] = [];
  const preview: UpdateByKeyPreview = {
    added: 0,
    changedRows: 0,
    changedCells: 0,
    removed: 0,
    unchanged: 0,
    deletesMissing: request.deleteMissing,
    matched: matched.map(({ source, name, columnId }) => ({ source, name, columnId })),
    unmatched,
    examples: { added: [], changed: [], removed: [] },
    columnProblems: [],
  };
  for (let r = 0; r < table.rows.length; r++) {
    if (r % PROGRESS_EVERY === 0) onProgress?.(r);
    const values = reader.row(r);
    const line = table.lines[r] ?? r + 1;
    const k = keyText(values[keyIndex]);
    if (k === "")
      throw new ImportError("empty-key", `Line ${line} has no value in the key column "${key.name}".`, {
        line,
        name: key.name,
      });
    const twice = seen.get(k);
    if (twice !== undefined)
      throw new ImportError("duplicate-key", `The key "${k}" is on lines ${twice} and ${line} of the file.`, {
        context: "file",
        key: k,
        first: twice,
        line,
      });
    seen.set(k, line);
    const rowId = existing.get(k);
    if (rowId === undefined) {
      added.push(values);
      preview.added++;
      if (preview.examples.added.length < EXAMPLES) preview.examples.added.push({ key: k, line });
      continue;
    }
    const row = view.row(rowId);
    const changes: { columnId: string; before: unknown; after: unknown }[] = [];
    matched.forEach(({ columnId }, c) => {
      const before = row?.cells[columnId as ColumnId] ?? null;
      const after = values[c] ?? null;
      if (!sameValue(before, after)) {
        edits.push({ rowId, columnId: columnId as ColumnId, value: after });
        changes.push({ columnId, before, after });
      }
    });
    if (changes.length === 0) preview.unchanged++;
    else {
      preview.changedRows++;
      preview.changedCells += changes.length;
      if (preview.examples.changed.length < EXAMPLES) preview.examples.changed.push({ key: k, rowId, cells: changes });
    }
  }
  onProgress?.(table.rows.length);
  preview.columnProblems = reader.problems();
  const removed: RowId[] = [];
  for (const [k, rowId] of existing) {
    if (seen.has(k)) continue;
    removed.push(rowId);
    if (preview.examples.removed.length < EXAMPLES) preview.examples.removed.push({ key: k, rowId });
  }
  preview.removed = removed.length;
  return { preview, edits, added, addedColumns: matched.map((m) => m.columnId as ColumnId), removed };
}

/** The changes `applyUpdate` writes: cells, added rows, and deleted rows if asked. */
export const changeCount = (plan: UpdatePlan) =>
  plan.edits.length + plan.added.length + (plan.preview.deletesMissing ? plan.removed.length : 0);

/** Writes the plan: changed cells, added rows at the end, and deletions if asked; one transaction. */
export function applyUpdate(
  doc: Y.Doc,
  view: DatasetView,
  plan: UpdatePlan,
  origin: unknown,
  onProgress?: (changesWritten: number) => void,
): void {
  const { edits, added } = plan;
  doc.transact(() => {
    for (let from = 0; from < edits.length; from += PROGRESS_EVERY) {
      onProgress?.(from);
      setCells(doc, edits.slice(from, from + PROGRESS_EVERY), origin);
    }
    if (added.length > 0)
      appendRows(doc, plan.addedColumns, added, view.gapAtEnd().before, origin, (rows) =>
        onProgress?.(edits.length + rows),
      );
    if (plan.preview.deletesMissing) deleteRows(doc, plan.removed, origin);
  }, origin);
  onProgress?.(changeCount(plan));
}

function sameValue(a: CellValue, b: CellValue): boolean {
  return a === b || ((a === null || a === "") && (b === null || b === ""));
}
