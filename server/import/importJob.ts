/**
 * The work of one import job, as the worker thread runs it (importWorker.ts): read the file, read
 * its values for the chosen columns, and build what will be written — the whole document of a new
 * dataset, or the one Yjs update that brings an existing dataset up to date with the file. Nothing
 * here touches storage: the main thread writes the result in one step (importJobs.ts), so a job
 * that fails or is stopped half-way has written nothing.
 *
 * Its phases, as reported: `reading` the file (bytes); then for a new dataset `building` (rows
 * read into the document) and `writing` (the document stored) — but a CSV given the preview's
 * columns is read into the document as it is parsed, its bytes counted in `reading`, no `building`; for an update `building` (rows of
 * the file compared with the dataset) and `writing` (changes made: cells, added rows, deleted
 * rows; all of them counted only once the main thread writes them into the dataset). `report` may hold the job at the start of a phase (tests only, importHolds.ts): it is
 * awaited there.
 */
import * as Y from "yjs";
import type { ImportJob } from "../../shared/api/importJobs.ts";
import type { ReadOptions, UpdateByKeyPreview } from "../../shared/api/imports.ts";
import { type CellValue, DatasetView, initializeDataset } from "../../shared/dataset/index.ts";
import { analyse, readWith } from "./analyse.ts";
import { type ColumnPlan, completeChoices, rowReader } from "./convert.ts";
import { ImportError } from "./importError.ts";
import type { RawTable } from "./table.ts";
import { applyUpdate, changeCount, planUpdate, type UpdateRequest } from "./updateByKey.ts";
import { appendRows, rowWriter } from "./writeRows.ts";

export type CreateInput = {
  kind: "create";
  bytes: Uint8Array;
  fileName: string;
  options: ReadOptions;
  meta: { title: string; description: string; source: string; licence: string };
  columns?: ColumnPlan[];
};

export type UpdateInput = {
  kind: "update";
  bytes: Uint8Array;
  fileName: string;
  options: ReadOptions;
  request: UpdateRequest;
  /** The dataset's document as it was when the job started. */
  document: Uint8Array;
};

export type JobInput = CreateInput | UpdateInput;

export type JobOutput =
  | { kind: "create"; state: Uint8Array; rows: number }
  | { kind: "update"; update: Uint8Array; preview: UpdateByKeyPreview };

export type JobStep = Pick<ImportJob, "state" | "progress">;

const ORIGIN = { source: "local", context: { reason: "import" } };
/** What a row of the file is replaced with once its values are written. */
const READ: CellValue[] = [];

/** Says how far the job is; at the start of a phase, may hold it until the returned promise resolves. */
export type Report = (step: JobStep) => void | Promise<void>;

export async function runImportJob(input: JobInput, report: Report): Promise<JobOutput> {
  await report({ state: "reading", progress: { unit: "bytes", done: null, total: input.bytes.byteLength } });
  if (input.kind === "update") {
    const analysis = await analyse(input.bytes, input.fileName, input.options);
    const table = analysis.read.table;
    const total = table.rows.length;
    await report({ state: "building", progress: { unit: "rows", done: 0, total } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, input.document);
    const before = Y.encodeStateVector(doc);
    const view = new DatasetView(doc);
    try {
      const plan = planUpdate(view, table, analysis.plans, input.request, analysis.locale, (compared) =>
        report({ state: "building", progress: { unit: "rows", done: compared, total } }),
      );
      const changes = changeCount(plan);
      await report({ state: "writing", progress: { unit: "changes", done: 0, total: changes } });
      // The last count (all written) is the main thread's to give, when it writes into the dataset.
      applyUpdate(doc, view, plan, ORIGIN, (written) => {
        if (written < changes)
          report({ state: "writing", progress: { unit: "changes", done: written, total: changes } });
      });
      return { kind: "update", update: Y.encodeStateAsUpdate(doc, before), preview: plan.preview };
    } finally {
      view.destroy();
      doc.destroy();
    }
  }

  // The columns of the preview, as the app sends them, are the plan: no types to infer again.
  const given = input.columns;
  if (given?.every((p) => p.type !== "choice" || p.choices.length > 0)) return createWithColumns(input, given, report);
  const { table, chosen } = given
    ? { table: (await readWith(input.bytes, input.fileName, input.options)).table, chosen: given }
    : await analyse(input.bytes, input.fileName, input.options).then((a) => ({ table: a.read.table, chosen: a.plans }));
  const total = table.rows.length;
  const locale = input.options.locale ?? "en";
  checkSources(chosen, table);
  const plans = completeChoices(table, chosen);
  await report({ state: "building", progress: { unit: "rows", done: 0, total } });
  const doc = new Y.Doc();
  const columnIds = startDataset(doc, input.meta, plans);
  // Each block of rows is read and written at once: the converted rows are never all held, and
  // each row of the file is let go once read, so that the table shrinks as the document grows.
  const reader = rowReader(table, plans, { locale });
  const into = (r: number, out: CellValue[], offset: number) => {
    reader.into(r, out, offset);
    table.rows[r] = READ;
  };
  appendRows(doc, columnIds, { count: total, into }, null, ORIGIN, (written) =>
    report({ state: "building", progress: { unit: "rows", done: written, total } }),
  );
  await report({ state: "writing", progress: { unit: "rows", done: total, total } });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { kind: "create", state, rows: total };
}

/**
 * A new dataset with the columns of its preview, all known before the file is read: a CSV's rows
 * are converted and written into the document as they are read, in one pass, the whole table
 * never held (`reading` counts the bytes read); a table read whole (XLSX, JSON) is written after
 * (`building` counts its rows).
 */
async function createWithColumns(input: CreateInput, columns: ColumnPlan[], report: Report): Promise<JobOutput> {
  const locale = input.options.locale ?? "en";
  const doc = new Y.Doc();
  const columnIds = startDataset(doc, input.meta, columns);
  let tableRows: number | null = null;
  const writer = rowWriter(doc, columnIds, null, ORIGIN, (written) => {
    if (tableRows !== null) report({ state: "building", progress: { unit: "rows", done: written, total: tableRows } });
  });
  const csv = rowReader({ names: [], rows: [], lines: [], problems: [] }, columns, { locale });
  const bytes = input.bytes.byteLength;
  const { table } = await readWith(input.bytes, input.fileName, input.options, {
    eachRow: (fields, line) => writer.add((out, offset) => csv.convert(fields, line, out, offset)),
    onRead: (share) =>
      report({ state: "reading", progress: { unit: "bytes", done: Math.round(share * bytes), total: bytes } }),
  });
  checkSources(columns, table);
  if (table.rows.length > 0) {
    tableRows = table.rows.length;
    await report({ state: "building", progress: { unit: "rows", done: 0, total: tableRows } });
    const reader = rowReader(table, columns, { locale });
    for (let r = 0; r < tableRows; r++) {
      writer.add((out, offset) => reader.into(r, out, offset));
      table.rows[r] = READ;
    }
  }
  const rows = writer.end().length;
  await report({ state: "writing", progress: { unit: "rows", done: rows, total: rows } });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { kind: "create", state, rows };
}

function startDataset(doc: Y.Doc, meta: CreateInput["meta"], plans: ColumnPlan[]) {
  const columns = plans.map((p) => ({
    name: p.name,
    type: p.type,
    choices: p.choices,
    description: p.description ?? "",
  }));
  return initializeDataset(doc, { meta, columns }, ORIGIN);
}

function checkSources(plans: ColumnPlan[], table: RawTable): void {
  for (const plan of plans)
    if (plan.source >= table.names.length)
      throw new ImportError("bad-column", `The file has no column ${plan.source + 1}.`, {
        column: plan.source + 1,
      });
}
