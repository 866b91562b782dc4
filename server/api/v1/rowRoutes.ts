/**
 * Rows of a dataset over /api/v1. Reads come from the read model: pages from rowsPages.ts (made once
 * per snapshot version and query), one row from the model cache; writes go to the live document
 * through the typed accessors, attributed to the token.
 * A write's answer is read back from the live document; the snapshot follows within SNAPSHOT_DELAY_MS.
 * A write by a caller who may only propose is checked the same way, then filed as a proposal (202).
 */
import { QueryError } from "../../../shared/api/rowQuery.ts";
import type { ApiRow } from "../../../shared/api/v1.ts";
import { v1Api } from "../../../shared/api/v1Routes.ts";
import {
  type CellValue,
  type Column,
  type DatasetView,
  deleteRows,
  insertRows,
  parseCell,
  type Row,
  setCells,
} from "../../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../../shared/documentNames.ts";
import type { ColumnId, RowId } from "../../../shared/ids.ts";
import { actorOfRequest } from "../actorOfRequest.ts";
import { HttpError, notFound } from "../errors.ts";
import { withLiveDocument } from "../liveDocument.ts";
import { type ApiRoute, apiRoute, sendJsonBytes } from "./apiRoute.ts";
import { readableDataset, snapshotNotReady, type V1Context, type V1ReadContext, writableDataset } from "./context.ts";
import { notModified, setCaching } from "./httpCaching.ts";
import { proposeWrite } from "./proposedWrite.ts";
import { AnswerOutsideSchema } from "./rowsPage.ts";

const asHttp = (error: unknown): never => {
  if (error instanceof QueryError) throw new HttpError(400, error.code, error.message);
  throw error;
};

/** Checks typed input cells against the columns: all or nothing, every problem listed. */
function checkCells(columns: readonly Column[], cells: Record<string, CellValue>, where: string, problems: string[]) {
  const checked: Partial<Record<ColumnId, CellValue>> = {};
  for (const [columnId, value] of Object.entries(cells)) {
    const column = columns.find((c) => c.id === columnId);
    if (!column) {
      problems.push(`${where}.${columnId}: no such column`);
      continue;
    }
    const parsed = parseCell(column, value);
    if (parsed.ok) checked[column.id] = parsed.value;
    else problems.push(`${where}.${columnId}: ${parsed.error}`);
  }
  return checked;
}

const rowOf = (view: DatasetView, row: Row): ApiRow => ({
  id: row.id,
  cells: Object.fromEntries(view.columns().map((c) => [c.id, row.cells[c.id] ?? null])),
});

/** The routes rowWriteRoutes registers: the API reader process, which has none, still documents them. */
export const rowWriteDescriptions = [v1Api.createRows, v1Api.updateRow, v1Api.deleteRow];

export function rowReadRoutes(context: V1ReadContext): ApiRoute[] {
  async function modelOf(id: string, request: Parameters<typeof readableDataset>[1]) {
    const { dataset } = await readableDataset(context, request, id);
    const loaded = await context.models.get(dataset.id);
    if (!loaded) throw snapshotNotReady();
    return { dataset, loaded };
  }

  return [
    apiRoute(v1Api.listRows, async ({ params, query }, request, reply) => {
      const { dataset } = await readableDataset(context, request, params.id);
      // Made and checked once per snapshot version and query, then sent as they are.
      const made = await context.pages.page(dataset.id, request.url, query).catch((error: unknown) => {
        if (error instanceof AnswerOutsideSchema) {
          request.log.error({ url: request.url, issues: error.issues }, "answer outside its schema");
          throw new HttpError(500, "internal", "Something went wrong on the server.");
        }
        return asHttp(error);
      });
      if (!made) throw snapshotNotReady();
      const { page, version } = made;
      setCaching(reply, page.etag, dataset.openness, version.builtAt);
      if (notModified(request, page.etag)) return reply.code(304).send();
      return sendJsonBytes(reply, page.body);
    }),
    apiRoute(v1Api.getRow, async ({ params }, request) => {
      const { loaded } = await modelOf(params.id, request);
      const index = loaded.byId.get(params.rowId);
      if (index === undefined) throw notFound("row");
      return loaded.model.rows[index];
    }),
  ];
}

export function rowWriteRoutes(context: V1Context): ApiRoute[] {
  const { hocuspocus } = context;
  const origin = (request: Parameters<typeof actorOfRequest>[0]) => ({
    source: "local",
    context: { actor: actorOfRequest(request) },
  });
  return [
    apiRoute(v1Api.createRows, async ({ params, body }, request, reply) => {
      const { dataset, direct } = await writableDataset(context, request, params.id);
      const written = await withLiveDocument(hocuspocus, datasetDocumentName(dataset.id, dataset.epoch), (view) => {
        const problems: string[] = [];
        const checked = body.rows.map((row: { cells: Record<string, CellValue> }, i: number) => ({
          cells: checkCells(view.columns(), row.cells, `rows.${i}.cells`, problems),
        }));
        if (problems.length > 0) throw new HttpError(400, "invalid-cells", problems.join("; "));
        if (!direct) return { proposed: checked };
        const ids = insertRows(view.doc, checked, view.gapAtEnd(), origin(request));
        return { rows: ids.map((id) => rowOf(view, view.row(id) as Row)) };
      });
      if ("proposed" in written) {
        reply.code(202);
        return proposeWrite(context, request, dataset, { newRows: written.proposed });
      }
      reply.code(201);
      return { rows: written.rows };
    }),
    apiRoute(v1Api.updateRow, async ({ params, body }, request, reply) => {
      const { dataset, direct } = await writableDataset(context, request, params.id);
      const written = await withLiveDocument(hocuspocus, datasetDocumentName(dataset.id, dataset.epoch), (view) => {
        const rowId = params.rowId as RowId;
        const row = view.row(rowId);
        if (!row) throw notFound("row");
        const problems: string[] = [];
        const cells = checkCells(view.columns(), body.cells, "cells", problems);
        if (problems.length > 0) throw new HttpError(400, "invalid-cells", problems.join("; "));
        const edits = Object.entries(cells).map(([columnId, value]) => ({
          rowId,
          columnId: columnId as ColumnId,
          value: value as CellValue,
        }));
        if (!direct) return { proposed: edits.map((e) => ({ ...e, base: row.cells[e.columnId] ?? null })) };
        setCells(view.doc, edits, origin(request));
        return { row: rowOf(view, view.row(rowId) as Row) };
      });
      if ("proposed" in written) {
        reply.code(202);
        return proposeWrite(context, request, dataset, { cells: written.proposed });
      }
      return written.row;
    }),
    apiRoute(v1Api.deleteRow, async ({ params }, request, reply) => {
      const { dataset, direct } = await writableDataset(context, request, params.id);
      const base = await withLiveDocument(hocuspocus, datasetDocumentName(dataset.id, dataset.epoch), (view) => {
        const rowId = params.rowId as RowId;
        const row = view.row(rowId);
        if (!row) throw notFound("row");
        if (!direct) return rowOf(view, row).cells;
        deleteRows(view.doc, [rowId], origin(request));
        return null;
      });
      if (base) {
        reply.code(202);
        return proposeWrite(context, request, dataset, { deletions: [{ rowId: params.rowId, base }] });
      }
      return reply.code(204).send();
    }),
  ];
}
