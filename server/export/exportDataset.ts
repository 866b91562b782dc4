/** One entry for every export format: the file's type, name and bytes as a stream. */
import { Readable } from "node:stream";
import { type ExportFormat, exportFormats } from "../../shared/api/exports.ts";
import { type CsvExportOptions, csvChunks } from "./csvExport.ts";
import { dataPackageStream, packageName } from "./dataPackage.ts";
import { coordinateColumns, geoJsonChunks, jsonChunks } from "./jsonExport.ts";
import type { ExportTable } from "./table.ts";
import { xlsxStream } from "./xlsxExport.ts";

export { type ExportFormat, exportFormats };

export type ExportFile = { contentType: string; fileName: string; body: Readable };

const types: Record<ExportFormat, [contentType: string, extension: string]> = {
  csv: ["text/csv; charset=utf-8", "csv"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
  json: ["application/json; charset=utf-8", "json"],
  geojson: ["application/geo+json; charset=utf-8", "geojson"],
  datapackage: ["application/zip", "zip"],
};

/** Whether the format can be made from this table (GeoJSON needs latitude and longitude columns). */
export const canExport = (table: ExportTable, format: ExportFormat) =>
  format !== "geojson" || coordinateColumns(table.columns) !== null;

export function exportDataset(table: ExportTable, format: ExportFormat, csv: CsvExportOptions = {}): ExportFile {
  const [contentType, extension] = types[format];
  const fileName = `${packageName(table.meta.title)}.${extension}`;
  const body =
    format === "csv"
      ? Readable.from(csvChunks(table, csv))
      : format === "json"
        ? Readable.from(jsonChunks(table))
        : format === "geojson"
          ? Readable.from(geoJsonChunks(table))
          : format === "xlsx"
            ? xlsxStream(table)
            : dataPackageStream(table);
  return { contentType, fileName, body };
}
