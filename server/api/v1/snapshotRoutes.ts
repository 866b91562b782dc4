/** GET /api/v1/datasets/{id}/snapshot.{json,csv,geojson}: the stored snapshot, precompressed, with ETags. */
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { datasetParamsSchema, snapshotDocumentSchema } from "../../../shared/api/v1.ts";
import { snapshotFileCache } from "../../readModel/fileCache.ts";
import type { SnapshotFormat } from "../../storage/readModelTypes.ts";
import { HttpError } from "../errors.ts";
import type { AnyApiRoute } from "./apiRoute.ts";
import { currentVersion, readableDataset, snapshotNotReady, type V1Context } from "./context.ts";
import { notModified, pickEncoding, setCaching } from "./httpCaching.ts";
import { cachingHeaders, errorResponses } from "./responses.ts";

const files: { format: Exclude<SnapshotFormat, "model" | "meta">; media: string; summary: string }[] = [
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
];

export function snapshotRoutes(context: V1Context): AnyApiRoute[] {
  const cache = snapshotFileCache();
  return files.map(
    ({ format, media, summary }): AnyApiRoute => ({
      method: "GET",
      url: `/api/v1/datasets/:id/snapshot.${format}`,
      operationId: `getSnapshot${format[0]?.toUpperCase()}${format.slice(1)}`,
      summary,
      description:
        "Served from the stored snapshot (never from the live document), precompressed with brotli or gzip by Accept-Encoding. Send the ETag back in If-None-Match for a 304. Rebuilt shortly after each change.",
      tags: ["snapshots"],
      security: "optional-token",
      params: datasetParamsSchema,
      responses: {
        200: {
          description: "The snapshot",
          media: { [media.split(";")[0] as string]: format === "json" ? { schema: snapshotDocumentSchema } : {} },
          headers: cachingHeaders,
        },
        304: { description: "Not modified since the ETag given in If-None-Match", headers: cachingHeaders },
        ...errorResponses(404, 429, 503),
      },
      handler: async ({ params }, request, reply) => {
        const { dataset } = await readableDataset(context, request, params.id);
        const version = await currentVersion(context, dataset.id);
        if (!version.formats.includes(format))
          throw new HttpError(404, "not-found", "This dataset has no latitude and longitude columns, so no GeoJSON.");
        setCaching(reply, version.etag, dataset.openness, version.builtAt);
        if (notModified(request, version.etag)) return reply.code(304).send();
        const encoding = pickEncoding(request.headers["accept-encoding"]);
        // Published files are stored compressed; plain bytes are the gzip file, gunzipped as it is sent.
        const stored = encoding === "identity" ? "gzip" : encoding;
        const key = `${dataset.id}/${format}/${stored}`;
        let file = cache.get(key, version.etag);
        if (!file) {
          const read = await context.storage.readModel.file(dataset.id, format, stored);
          if (!read) throw snapshotNotReady();
          const body = Buffer.from(read.body.buffer, read.body.byteOffset, read.body.byteLength);
          file = { etag: read.version.etag, builtAt: read.version.builtAt, body };
          cache.set(key, file);
        }
        // A rebuild may have landed between the two reads: the headers follow the file sent.
        if (file.etag !== version.etag) setCaching(reply, file.etag, dataset.openness, file.builtAt);
        reply.header("content-type", media);
        if (encoding !== "identity") reply.header("content-encoding", encoding);
        if (format === "csv") reply.header("content-disposition", `inline; filename="${dataset.id}.csv"`);
        if (encoding === "identity") return reply.code(200).send(Readable.from([file.body]).pipe(createGunzip()));
        return reply.code(200).send(file.body);
      },
    }),
  );
}
