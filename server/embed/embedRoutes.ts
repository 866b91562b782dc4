/**
 * GET /embed/{id}: a read-only page of a public dataset for an <iframe>, as a grid, cards or a map,
 * rendered from the published snapshot (no Yjs; the map loads Leaflet, embedAssets.ts). A small
 * script checks the snapshot's ETag and refreshes the page when it changed. Options in the URL:
 * view, columns, filter (as in /api/v1), sort, limit, lang. Only what anonymous visitors may read:
 * a signed-in person's cookie is ignored. The sites allowed to frame it are the dataset's setting
 * (embedSiteRoutes.ts), sent as CSP frame-ancestors.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { embedViews } from "../../shared/api/embeds.ts";
import type { MapTiles } from "../../shared/api/instance.ts";
import { columnsNamed, pageOf, parseFilter, parseSort, QueryError } from "../../shared/api/rowQuery.ts";
import { rowsQuerySchema } from "../../shared/api/v1.ts";
import { titleFirst } from "../../shared/embedMapData.ts";
import { isDatasetId } from "../../shared/ids.ts";
import { can } from "../../shared/rights.ts";
import { notModified, quotedEtag } from "../api/v1/httpCaching.ts";
import type { ModelCache } from "../readModel/modelCache.ts";
import { ANONYMOUS, accessTo } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { embedAssets } from "./embedAssets.ts";
import { embedCsp, frameAncestors } from "./embedPolicy.ts";
import { embedSiteRoutes } from "./embedSiteRoutes.ts";
import {
  type EmbedLanguage,
  embedNotice,
  isEmbedLanguage,
  noticePage,
  refreshScript,
  renderEmbed,
} from "./renderEmbed.ts";

const querySchema = z.object({
  view: z.enum(embedViews).default("grid"),
  columns: z.string().max(4000).optional(),
  filter: z.union([z.string(), z.array(z.string())]).optional(),
  sort: rowsQuerySchema.shape.sort,
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  lang: z.string().max(20).optional(),
});

type Options = {
  storage: Storage;
  models: ModelCache;
  tiles: MapTiles;
  refreshSeconds: number;
  /** The built client (dist/), where the map's script is. */
  clientDir: string;
};

/** `lang` if given, else the visitor's first language the embed speaks, else English. */
function languageOf(lang: string | undefined, acceptLanguage: string | undefined): EmbedLanguage {
  const wanted = lang ? [lang] : (acceptLanguage ?? "").split(",").map((part) => part.trim().split(";")[0] ?? "");
  for (const tag of wanted) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isEmbedLanguage(base)) return base;
  }
  return "en";
}

/** The page gzipped when the visitor accepts it (a 2,000-point map is ~100 kB of JSON, ~20 kB gzipped). */
function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string) {
  reply.type("text/html; charset=utf-8").header("x-content-type-options", "nosniff");
  if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? "")) && html.length > 1024) {
    return reply.header("content-encoding", "gzip").send(gzipSync(html));
  }
  return reply.send(html);
}

export function embedRoutes({ storage, models, tiles, refreshSeconds, clientDir }: Options) {
  const assets = embedAssets(clientDir);
  return async (app: FastifyInstance) => {
    await app.register(assets.routes);
    await app.register(embedSiteRoutes(storage));

    app.get<{ Params: { id: string } }>("/embed/:id", async (request, reply) => {
      const send = (status: number, html: string, sites: string[] = []) =>
        reply
          .code(status)
          .type("text/html; charset=utf-8")
          .header(
            "content-security-policy",
            `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors ${frameAncestors(sites)}`,
          )
          .header("cache-control", "no-store")
          .send(html);
      // A bad option is for the developer writing the snippet; the visitors' notices are in their language.
      const page = (status: number, message: string, sites: string[] = []) => send(status, noticePage(message), sites);
      const query = querySchema.safeParse(request.query);
      if (!query.success)
        return page(400, query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      const language = languageOf(query.data.lang, request.headers["accept-language"]);
      const { id } = request.params;
      const dataset = isDatasetId(id) ? await storage.datasets.get(id) : null;
      if (!dataset || !can(await accessTo(storage, ANONYMOUS, dataset), "apiRead"))
        return send(404, embedNotice(language, "notFound"));
      const sites = await storage.embedSites.list(dataset.id);
      const loaded = await models.get(dataset.id);
      if (!loaded) {
        reply.header("retry-after", "2");
        return send(503, embedNotice(language, "preparing"), sites);
      }
      const { view } = query.data;
      // The page changes with the snapshot, the address, the language, the allowed sites and the assets.
      const etag = createHash("sha256")
        .update(JSON.stringify([loaded.version.etag, request.url, language, sites, tiles, assets.map]))
        .digest("base64url")
        .slice(0, 27);
      reply
        .header("etag", quotedEtag(etag))
        .header("cache-control", "public, max-age=0, must-revalidate")
        .header("vary", "Accept-Encoding, Accept-Language");
      const script = refreshScript({ datasetId: dataset.id, version: loaded.version.etag, refreshSeconds });
      const scriptHash = createHash("sha256").update(script).digest("base64");
      const csp = embedCsp({ scriptHash, sites, tiles: tiles.url });
      if (notModified(request, etag)) return reply.code(304).header("content-security-policy", csp).send();
      const all = loaded.model.columns;
      let html: string;
      try {
        const wanted = query.data.columns ? columnsNamed(all, query.data.columns, "columns") : null;
        const filters = [query.data.filter ?? []].flat().map((f) => parseFilter(f, all));
        const sort = parseSort(query.data.sort, all);
        const limit = query.data.limit ?? (view === "map" ? 5000 : 200);
        const result = pageOf(loaded.rows, loaded.order(sort), { filters, sort, limit, cursor: null });
        // Columns asked for keep their order; else cards and points are titled by the column naming rows best.
        const shown = wanted ? wanted : view === "grid" ? all : titleFirst(all, result.rows);
        // The map needs the coordinates even when they are not among the columns shown.
        const coordinates = all.filter((c) => (c.type === "latitude" || c.type === "longitude") && !shown.includes(c));
        html = renderEmbed({
          datasetId: dataset.id,
          version: loaded.version.etag,
          meta: loaded.model.meta,
          columns: view === "map" ? [...shown, ...coordinates] : shown,
          rows: result.rows,
          total: result.total,
          view,
          language,
          mapAssets: assets.map,
          tiles,
          refreshSeconds,
        });
      } catch (error) {
        if (error instanceof QueryError) return page(400, error.message, sites);
        throw error;
      }
      reply.header("content-security-policy", csp);
      return sendHtml(request, reply, html);
    });
  };
}
