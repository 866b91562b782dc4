/**
 * The public API's routes (/api/v1), each described once with shared/api/route.ts's `route()`:
 * method, path, schemas (shared/api/v1.ts) and OpenAPI details. The server registers its handlers
 * from these (server/api/v1/apiRoute.ts), checks every answer against the schema of its status,
 * and generates /api/v1/openapi.json from the same descriptions (server/api/v1/openapi.ts).
 */
import type { ApiResponse } from "./openApiOperation.ts";
import { route } from "./route.ts";
import {
  createdRowsSchema,
  createRowsSchema,
  datasetListSchema,
  datasetParamsSchema,
  datasetSchema,
  proposalFiledSchema,
  rowParamsSchema,
  rowSchema,
  rowsPageSchema,
  rowsQuerySchema,
  snapshotDocumentSchema,
  updateRowSchema,
} from "./v1.ts";
import { cachingHeaders, errorResponses } from "./v1Responses.ts";

const filed: ApiResponse = {
  description:
    "The caller may only propose (a contributor's token, or anonymous where proposals are open): the change was filed as an open proposal, each change based on the live value; the data is unchanged until a moderator accepts it",
  schema: proposalFiledSchema,
};

/** The snapshot's files: their format, media type, and summary. */
export const snapshotFiles = [
  { format: "json", media: "application/json; charset=utf-8", summary: "The published snapshot as JSON" },
  {
    format: "csv",
    media: "text/csv; charset=utf-8",
    summary: "The published snapshot as CSV (UTF-8 with BOM, header of column names, `_id` first)",
  },
  {
    format: "geojson",
    media: "application/geo+json",
    summary: "The rows with coordinates as GeoJSON points (datasets with latitude and longitude columns)",
  },
] as const;
export type SnapshotFile = (typeof snapshotFiles)[number];

const snapshotRoute = ({ format, media, summary }: SnapshotFile) =>
  route({
    method: "GET",
    path: `/api/v1/datasets/:id/snapshot.${format}`,
    params: datasetParamsSchema,
    // The stored bytes, sent as they are: described by media type, not checked again.
    answer: null,
    status: 200,
    openApi: {
      operationId: `getSnapshot${format[0]?.toUpperCase()}${format.slice(1)}`,
      summary,
      description:
        "Served from the stored snapshot (never from the live document), precompressed with brotli or gzip by Accept-Encoding. Send the ETag back in If-None-Match for a 304. Rebuilt shortly after each change.",
      tags: ["snapshots"],
      security: "optional-token",
      responses: {
        200: {
          description: "The snapshot",
          media: { [media.split(";")[0] as string]: format === "json" ? { schema: snapshotDocumentSchema } : {} },
          headers: cachingHeaders,
        },
        304: { description: "Not modified since the ETag given in If-None-Match", headers: cachingHeaders },
        ...errorResponses(404, 429, 503),
      },
    },
  });

export const v1Api = {
  listDatasets: route({
    method: "GET",
    path: "/api/v1/datasets",
    answer: datasetListSchema,
    openApi: {
      operationId: "listDatasets",
      summary: "Datasets the caller may read: public ones, and those the token may read",
      tags: ["datasets"],
      security: "optional-token",
      responses: { 200: { description: "Newest first" }, ...errorResponses(401, 429) },
    },
  }),
  getDataset: route({
    method: "GET",
    path: "/api/v1/datasets/:id",
    params: datasetParamsSchema,
    answer: datasetSchema,
    openApi: {
      operationId: "getDataset",
      summary: "One dataset's metadata, columns and snapshot links",
      tags: ["datasets"],
      security: "optional-token",
      responses: { 200: { description: "The dataset" }, ...errorResponses(401, 404, 429) },
    },
  }),
  snapshotJson: snapshotRoute(snapshotFiles[0]),
  snapshotCsv: snapshotRoute(snapshotFiles[1]),
  snapshotGeojson: snapshotRoute(snapshotFiles[2]),
  listRows: route({
    method: "GET",
    path: "/api/v1/datasets/:id/rows",
    params: datasetParamsSchema,
    query: rowsQuerySchema,
    answer: rowsPageSchema,
    openApi: {
      operationId: "listRows",
      summary: "Rows, filtered, sorted and paged",
      description:
        "From the published snapshot. Filters all apply (`filter=<column>:<op>:<value>`, repeatable, a column named by its id or name); sort on any column; `nextCursor` gives the next page (stable under edits: it holds the last row's key, not an offset); `fields` selects columns; `total` counts the matching rows.",
      tags: ["rows"],
      security: "optional-token",
      responses: {
        200: { description: "One page", headers: cachingHeaders },
        304: { description: "Not modified (If-None-Match)", headers: cachingHeaders },
        ...errorResponses(400, 401, 404, 429, 503),
      },
    },
  }),
  getRow: route({
    method: "GET",
    path: "/api/v1/datasets/:id/rows/:rowId",
    params: rowParamsSchema,
    answer: rowSchema,
    openApi: {
      operationId: "getRow",
      summary: "One row by id (from the published snapshot)",
      tags: ["rows"],
      security: "optional-token",
      responses: { 200: { description: "The row" }, ...errorResponses(401, 404, 429, 503) },
    },
  }),
  createRows: route({
    method: "POST",
    path: "/api/v1/datasets/:id/rows",
    params: datasetParamsSchema,
    body: createRowsSchema,
    answer: createdRowsSchema,
    status: 201,
    openApi: {
      operationId: "createRows",
      summary: "Append rows (editor: directly; contributor: as a proposal)",
      tags: ["rows"],
      security: "write-token",
      responses: {
        201: { description: "The rows as stored, with their new ids" },
        202: filed,
        ...errorResponses(400, 401, 403, 404, 413, 429),
      },
    },
  }),
  updateRow: route({
    method: "PATCH",
    path: "/api/v1/datasets/:id/rows/:rowId",
    params: rowParamsSchema,
    body: updateRowSchema,
    answer: rowSchema,
    openApi: {
      operationId: "updateRow",
      summary: "Change some cells of a row (editor: directly; contributor: as a proposal)",
      tags: ["rows"],
      security: "write-token",
      responses: {
        200: { description: "The row as stored" },
        202: filed,
        ...errorResponses(400, 401, 403, 404, 413, 429),
      },
    },
  }),
  deleteRow: route({
    method: "DELETE",
    path: "/api/v1/datasets/:id/rows/:rowId",
    params: rowParamsSchema,
    answer: null,
    openApi: {
      operationId: "deleteRow",
      summary: "Delete a row (editor: directly; contributor: as a proposal)",
      tags: ["rows"],
      security: "write-token",
      responses: { 204: { description: "Deleted" }, 202: filed, ...errorResponses(400, 401, 403, 404, 429) },
    },
  }),
};
