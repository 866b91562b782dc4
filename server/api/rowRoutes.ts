/** Reading rows and writing cells over HTTP (for API clients with tokens, and for scripts). */
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance } from "fastify";
import { rowsApi } from "../../shared/api/rows.ts";
import { type CellEdit, parseCell, setCells } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import type { Storage } from "../storage/types.ts";
import { actorOfRequest } from "./actorOfRequest.ts";
import { datasetFor } from "./datasetAccess.ts";
import { HttpError } from "./errors.ts";
import { withLiveDocument } from "./liveDocument.ts";
import { serve } from "./serve.ts";

export function rowRoutes(storage: Storage, hocuspocus: Hocuspocus) {
  return async (app: FastifyInstance) => {
    serve(app, rowsApi.list, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "readCells");
      return withLiveDocument(hocuspocus, datasetDocumentName(dataset.id, dataset.epoch), (view) => {
        const columns = view.columns();
        return {
          columns: [...columns],
          rows: view.rowsInOrder().map((row) => ({
            id: row.id,
            cells: Object.fromEntries(columns.map((c) => [c.id, row.cells[c.id] ?? null])),
          })),
        };
      });
    });

    serve(app, rowsApi.setCells, async ({ params, body: { edits } }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "editCells");
      return withLiveDocument(hocuspocus, datasetDocumentName(dataset.id, dataset.epoch), (view) => {
        const columns = new Map(view.columns().map((c) => [c.id as string, c]));
        const checked: CellEdit[] = [];
        const problems: string[] = [];
        for (const [i, edit] of edits.entries()) {
          const column = columns.get(edit.columnId);
          if (!column) problems.push(`edits.${i}: no column ${edit.columnId}`);
          else if (!view.row(edit.rowId as RowId)) problems.push(`edits.${i}: no row ${edit.rowId}`);
          else {
            const parsed = parseCell(column, edit.value);
            if (parsed.ok)
              checked.push({ rowId: edit.rowId as RowId, columnId: edit.columnId as ColumnId, value: parsed.value });
            else problems.push(`edits.${i}: ${parsed.error}`);
          }
        }
        // All or nothing: one bad value refuses the whole request.
        if (problems.length > 0) throw new HttpError(400, "invalid-cells", problems.join("; "));
        setCells(view.doc, checked, { source: "local", context: { actor: actorOfRequest(request) } });
        return { updated: checked.length };
      });
    });
  };
}
