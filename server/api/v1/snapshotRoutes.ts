/** GET /api/v1/datasets/{id}/snapshot.{json,csv,geojson}: the stored snapshot, precompressed, with ETags. */
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { snapshotFiles, v1Api } from "../../../shared/api/v1Routes.ts";
import { snapshotFileCache } from "../../readModel/fileCache.ts";
import { HttpError } from "../errors.ts";
import { type ApiRoute, apiRoute } from "./apiRoute.ts";
import { currentVersion, readableDataset, snapshotNotReady, type V1ReadContext } from "./context.ts";
import { notModified, pickEncoding, setCaching } from "./httpCaching.ts";

const routes = {
  json: v1Api.snapshotJson,
  csv: v1Api.snapshotCsv,
  geojson: v1Api.snapshotGeojson,
} as const;

export function snapshotRoutes(context: V1ReadContext): ApiRoute[] {
  const cache = snapshotFileCache();
  return snapshotFiles.map(({ format, media }) =>
    apiRoute(routes[format], async ({ params }, request, reply) => {
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
    }),
  );
}
