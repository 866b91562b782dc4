/**
 * Rows of a dataset over /api/v1. Reads come from the read model (the stored snapshot, parsed once
 * per version); writes go to the live document through the typed accessors, attributed to the token.
 * A write's answer is read back from the live document; the snapshot follows within SNAPSHOT_DELAY_MS.
 * A write by a caller who may only propose is checked the same way, then filed as a proposal (202).
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import {
  decodeCursor,
  encodeCursor,
  type Filter,
  pageOf,
  parseFilter,
  parseSort,
  QueryError,
} from "../../../shared/api/rowQuery.ts";
import { type ApiRow, rowsPageSchema, type rowsQuerySchema } from "../../../shared/api/v1.ts";
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
import type { LoadedModel } from "../../readModel/modelCache.ts";
import { actorOfRequest } from "../actorOfRequest.ts";
import { HttpError, notFound } from "../errors.ts";
import { withLiveDocument } from "../liveDocument.ts";
import { type ApiRoute, apiRoute, checkedAnswer, sendJsonBytes } from "./apiRoute.ts";
import { readableDataset, snapshotNotReady, type V1Context, writableDataset } from "./context.ts";
import { notModified, setCaching } from "./httpCaching.ts";
import { proposeWrite } from "./proposedWrite.ts";

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

/** One page of rows for a rows query, as the API answers it (before its schema check). */
function rowsPage(loaded: LoadedModel, query: z.output<typeof rowsQuerySchema>) {
  const { columns } = loaded.model;
  try {
    const filters: Filter[] = (query.filter ?? []).map((f: string) => parseFilter(f, columns));
    const sort = parseSort(query.sort, columns);
    const fields = query.fields ? query.fields.split(",").filter(Boolean) : columns.map((c) => c.id);
    for (const field of fields)
      if (!columns.some((c) => c.id === field)) throw new QueryError("invalid-request", `fields: no column "${field}"`);
    const cursor = query.cursor ? decodeCursor(query.cursor, sort) : null;
    const page = pageOf(loaded.rows, loaded.order(sort), { filters, sort, limit: query.limit, cursor });
    return {
      version: loaded.version.etag,
      total: page.total,
      rows: page.rows.map((row) => {
        // A plain loop: Object.fromEntries was a tenth of a 1,000-row page's time.
        const cells: Record<string, CellValue> = {};
        for (const f of fields) cells[f] = row.cells[f] ?? null;
        return { id: row.id, cells };
      }),
      nextCursor: page.more && page.last ? encodeCursor(sort, page.last) : null,
    };
  } catch (error) {
    return asHttp(error);
  }
}

export function rowRoutes(context: V1Context): ApiRoute[] {
  const { hocuspocus } = context;
  const origin = (request: Parameters<typeof actorOfRequest>[0]) => ({
    source: "local",
    context: { actor: actorOfRequest(request) },
  });

  async function modelOf(id: string, request: Parameters<typeof readableDataset>[1]) {
    const { dataset } = await readableDataset(context, request, id);
    const loaded = await context.models.get(dataset.id);
    if (!loaded) throw snapshotNotReady();
    return { dataset, loaded };
  }

  return [
    apiRoute(v1Api.listRows, async ({ params, query }, request, reply) => {
      const { dataset, loaded } = await modelOf(params.id, request);
      // Made and checked once per snapshot version and query, then sent as they are.
      const page = loaded.answer(request.url, () => ({
        body: Buffer.from(JSON.stringify(checkedAnswer(rowsPageSchema, rowsPage(loaded, query), request, request.url))),
        // The page's bytes follow from the snapshot version and the query.
        etag: `${loaded.version.etag}-${createHash("sha256").update(request.url).digest("base64url").slice(0, 12)}`,
      }));
      setCaching(reply, page.etag, dataset.openness, loaded.version.builtAt);
      if (notModified(request, page.etag)) return reply.code(304).send();
      return sendJsonBytes(reply, page.body);
    }),
    apiRoute(v1Api.getRow, async ({ params }, request) => {
      const { loaded } = await modelOf(params.id, request);
      const index = loaded.byId.get(params.rowId);
      if (index === undefined) throw notFound("row");
      return loaded.model.rows[index];
    }),
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
