/**
 * Downloading a dataset: CSV (options for Excel and for machines), XLSX, JSON, GeoJSON (with
 * coordinates) and a Frictionless data package. The document is read once (its rows are immutable
 * objects), then the file is streamed as it is written.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance } from "fastify";
import { exportApi, exportFormats } from "../../shared/api/exports.ts";
import { DatasetView } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { canExport, exportDataset } from "../export/exportDataset.ts";
import type { ExportTable } from "../export/table.ts";
import type { Storage } from "../storage/types.ts";
import { datasetFor } from "./datasetAccess.ts";
import { HttpError, notFound } from "./errors.ts";
import { serve } from "./serve.ts";

export function exportRoutes(storage: Storage, hocuspocus: Hocuspocus) {
  return async (app: FastifyInstance) => {
    serve(app, exportApi.download, async ({ params, query }, request, reply) => {
      const { dataset } = await datasetFor(storage, request, params.id, "readCells");
      const format = exportFormats.find((f) => f === params.format);
      if (!format) throw notFound(`export format ${params.format}`);
      const connection = await hocuspocus.openDirectConnection(datasetDocumentName(dataset.id, dataset.epoch), {});
      let table: ExportTable;
      try {
        if (!connection.document) throw notFound("dataset");
        const view = new DatasetView(connection.document);
        table = { meta: view.meta(), columns: view.columns(), rows: view.rowsInOrder() };
        view.destroy();
      } finally {
        await connection.disconnect();
      }
      if (!canExport(table, format))
        throw new HttpError(400, "invalid-request", "GeoJSON needs a latitude and a longitude column.");
      const file = exportDataset(table, format, {
        bom: query.bom === "true",
        delimiter: query.delimiter,
        formulas: query.formulas,
      });
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `attachment; filename="${file.fileName}"`)
        .header("x-content-type-options", "nosniff")
        .send(file.body);
    });
  };
}
