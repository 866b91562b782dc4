/** ETags, conditional requests, Cache-Control by openness, and picking a precompressed encoding. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Openness } from "../../../shared/rights.ts";
import type { SnapshotEncoding } from "../../storage/readModelTypes.ts";

export const quotedEtag = (etag: string) => `"${etag}"`;

/** Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET), or is `*`. */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers["if-none-match"];
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === quotedEtag(etag);
  });
}

/**
 * Public datasets: shared caches may keep an answer for a minute, then revalidate (a 304 is cheap);
 * private ones (read with a token): only the caller's own cache, revalidated each time.
 */
export function cacheControlFor(openness: Openness): string {
  return openness === "private" ? "private, no-cache" : "public, max-age=60, stale-while-revalidate=60";
}

/** Build times as HTTP dates, made once each (every answer from a snapshot sends its own). */
const httpDates = new Map<string, string>();
function httpDate(iso: string): string {
  let date = httpDates.get(iso);
  if (date === undefined) {
    if (httpDates.size >= 256) httpDates.clear();
    date = new Date(iso).toUTCString();
    httpDates.set(iso, date);
  }
  return date;
}

/** Validators and caching headers shared by an answer and its 304. */
export function setCaching(reply: FastifyReply, etag: string, openness: Openness, lastModified: string): void {
  reply.header("etag", quotedEtag(etag));
  reply.header("cache-control", cacheControlFor(openness));
  reply.header("last-modified", httpDate(lastModified));
  reply.header("vary", "Accept-Encoding, Authorization");
}

/** The best stored encoding the client accepts: brotli, then gzip, else none (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): SnapshotEncoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    accepted.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => accepted.get(name) ?? accepted.get("*") ?? 0;
  const br = weightOf("br");
  const gzip = weightOf("gzip");
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return "identity";
}
