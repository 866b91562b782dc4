/**
 * The embed map's script and stylesheet (Leaflet and client/embed/embedMap.ts, built by Vite into
 * dist/), found through Vite's manifest, kept in memory compressed with brotli and gzip, and served
 * at /embed/assets/<file> for a year (their names carry a content hash). Without a built client
 * there are none, and the map page says the map cannot be drawn.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { pickEncoding } from "../api/v1/httpCaching.ts";

const ENTRY = "client/embed/embedMap.ts";

type ManifestChunk = { file: string; css?: string[]; imports?: string[] };
type Asset = { type: string; identity: Buffer; gzip: Buffer; br: Buffer };

export type EmbedAssets = {
  /** Paths of the map's module script and stylesheets, or null without a built client. */
  map: { script: string; styles: string[]; preload: string[] } | null;
  routes: (app: FastifyInstance) => Promise<void>;
};

export function embedAssets(clientDir: string): EmbedAssets {
  const files = new Map<string, Asset>();
  let map: EmbedAssets["map"] = null;
  let manifest: Record<string, ManifestChunk> | null = null;
  try {
    manifest = JSON.parse(readFileSync(path.join(clientDir, ".vite/manifest.json"), "utf8"));
  } catch {
    manifest = null; // no client build (server tests, or before `npm run build`)
  }
  const entry = manifest?.[ENTRY];
  if (manifest && entry) {
    const scripts: string[] = [];
    const styles = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || scripts.includes(chunk.file)) return;
      scripts.push(chunk.file);
      for (const css of chunk.css ?? []) styles.add(css);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit(ENTRY);
    for (const file of [...scripts, ...styles]) {
      const identity = readFileSync(path.join(clientDir, file));
      files.set(path.basename(file), {
        type: file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
        identity,
        gzip: gzipSync(identity, { level: 9 }),
        br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      });
    }
    const url = (file: string) => `/embed/assets/${path.basename(file)}`;
    map = { script: url(entry.file), styles: [...styles].map(url), preload: scripts.slice(1).map(url) };
  }
  return {
    map,
    routes: async (app) => {
      app.get<{ Params: { file: string } }>("/embed/assets/:file", async (request, reply) => {
        const asset = files.get(request.params.file);
        if (!asset) return reply.code(404).type("text/plain").send("No such file.");
        const encoding = pickEncoding(request.headers["accept-encoding"]);
        if (encoding !== "identity") reply.header("content-encoding", encoding);
        return reply
          .type(asset.type)
          .header("cache-control", "public, max-age=31536000, immutable")
          .header("vary", "Accept-Encoding")
          .header("access-control-allow-origin", "*")
          .header("x-content-type-options", "nosniff")
          .send(asset[encoding]);
      });
    },
  };
}
