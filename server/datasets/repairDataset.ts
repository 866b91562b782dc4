/**
 * An owner's repair: a dataset's document is rebuilt from what reads as valid — metadata, columns
 * in order, live rows in order with their values — and stored as the dataset's next epoch. Content
 * outside the schema (what DatasetView skips and lists in problems()), deleted rows, values of
 * deleted columns and the edit history are left behind in the old epoch's document, which stays
 * stored. Clients are told to reset: they drop their local copy and open the new epoch.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import * as Y from "yjs";
import { closeEvents } from "../../shared/closeEvents.ts";
import {
  type CellValue,
  type DatasetMeta,
  DatasetView,
  END,
  initializeDataset,
  insertRows,
  isCellValue,
  MAX_PROBLEMS,
  type NewRow,
} from "../../shared/dataset/index.ts";
import { datasetDocumentName, parseDocumentName } from "../../shared/documentNames.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";
import { HttpError, notFound } from "../api/errors.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";

export type RepairOutcome = { dataset: DatasetRecord; rows: number; problems: number };

const REPAIR = { source: "local", context: { reason: "repair" } } as const;

export async function repairDataset(
  storage: Storage,
  hocuspocus: Hocuspocus,
  dataset: DatasetRecord,
): Promise<RepairOutcome> {
  const connection = await hocuspocus.openDirectConnection(datasetDocumentName(dataset.id, dataset.epoch), {});
  try {
    const source = connection.document;
    if (!source) throw notFound("dataset");
    const rebuilt = rebuildDataset(source);
    // Stored as soon as it is read, and the old epoch's sockets closed as soon as it is stored: an
    // edit reaching the server in between is not carried over, like any edit unsent at a reset.
    const next = datasetDocumentName(dataset.id, dataset.epoch + 1);
    const record = await storage.datasets.replaceDocument(dataset.id, dataset.epoch, rebuilt.state, next);
    if (!record) throw new HttpError(409, "dataset-changed", "The dataset was reset or deleted meanwhile.");
    resetConnections(hocuspocus, dataset);
    const summary = { title: rebuilt.meta.title, description: rebuilt.meta.description };
    await storage.datasets.updateSummary(record.id, summary);
    return { dataset: { ...record, ...summary }, ...rebuilt.counts };
  } finally {
    await connection.disconnect();
  }
}

/** A new document holding only what `source` reads as valid. Row ids are kept; columns get new ids. */
export function rebuildDataset(source: Y.Doc) {
  const view = new DatasetView(source);
  try {
    const problems = view.problems(MAX_PROBLEMS).length;
    const meta = Object.fromEntries(
      Object.entries(view.meta()).map(([field, text]) => [field, text.slice(0, limits.maxMetaChars)]),
    ) as DatasetMeta;
    const columns = view.columns().slice(0, limits.maxColumns);
    const doc = new Y.Doc();
    const ids = initializeDataset(
      doc,
      {
        meta,
        columns: columns.map((column, i) => ({
          name: column.name.trim().slice(0, limits.maxColumnNameChars) || `Column ${i + 1}`,
          type: column.type,
          description: column.description,
          choices: column.choices,
        })),
      },
      REPAIR,
    );
    const rows: NewRow[] = view.rowsInOrder().map((row) => {
      const cells: NewRow["cells"] = {};
      columns.forEach((column, i) => {
        const value = row.cells[column.id];
        if (fits(value)) cells[ids[i] as ColumnId] = value;
      });
      return { id: row.id, cells };
    });
    insertRows(doc, rows, END, REPAIR);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return { state, meta, counts: { rows: rows.length, problems } };
  } finally {
    view.destroy();
  }
}

/** Closes the sockets on the dataset's documents with `dataset-reset`: clients drop their copy and open the new epoch. */
function resetConnections(hocuspocus: Hocuspocus, dataset: Pick<DatasetRecord, "id">): void {
  const { code, reason } = closeEvents.reset;
  for (const document of hocuspocus.documents.values()) {
    if (parseDocumentName(document.name)?.datasetId !== dataset.id) continue;
    for (const connection of document.connections.keys()) connection.webSocket.close(code, reason);
  }
}

/** A value the accessors accept (an empty cell is simply left out). */
const fits = (value: unknown): value is CellValue =>
  isCellValue(value) && value !== null && (typeof value !== "string" || value.length <= limits.maxCellChars);
