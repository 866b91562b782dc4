/**
 * GET /embed/{id}: a read-only page of a public dataset for an <iframe> on any site, as a grid,
 * cards or a map, rendered from the published snapshot (no Yjs, no script but a poll that reloads
 * the page when the snapshot changes). Options in the URL: view, columns, filter (as in /api/v1),
 * sort, limit, lang. Only what anonymous visitors may read: a signed-in person's cookie is ignored.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { pageOf, parseFilter, parseSort, QueryError } from "../../shared/api/rowQuery.ts";
import { isDatasetId } from "../../shared/ids.ts";
import { can } from "../../shared/rights.ts";
import type { ModelCache } from "../readModel/modelCache.ts";
import { ANONYMOUS, accessTo } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { embedViews, escapeHtml, isEmbedLanguage, renderEmbed } from "./renderEmbed.ts";

const querySchema = z.object({
  view: z.enum(embedViews).default("grid"),
  columns: z.string().max(4000).optional(),
  filter: z.union([z.string(), z.array(z.string())]).optional(),
  sort: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  lang: z.string().max(20).optional(),
});

export function embedRoutes({ storage, models }: { storage: Storage; models: ModelCache }) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { id: string } }>("/embed/:id", async (request, reply) => {
      const page = (status: number, message: string) =>
        reply
          .code(status)
          .type("text/html; charset=utf-8")
          .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *")
          .send(
            `<!doctype html><meta charset="utf-8"><title>${escapeHtml(message)}</title><p>${escapeHtml(message)}</p>`,
          );
      const query = querySchema.safeParse(request.query);
      if (!query.success)
        return page(400, query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      const { id } = request.params;
      const dataset = isDatasetId(id) ? await storage.datasets.get(id) : null;
      if (!dataset || !can(await accessTo(storage, ANONYMOUS, dataset), "apiRead"))
        return page(404, "No such public dataset.");
      const loaded = await models.get(dataset.id);
      if (!loaded) {
        reply.header("retry-after", "2");
        return page(503, "The dataset is being prepared; reload in a moment.");
      }
      const { view, lang } = query.data;
      const all = loaded.model.columns;
      const nonce = randomBytes(16).toString("base64");
      let html: string;
      try {
        const wanted = query.data.columns?.split(",").filter(Boolean);
        for (const c of wanted ?? [])
          if (!all.some((column) => column.id === c))
            throw new QueryError("invalid-request", `columns: no column "${c}"`);
        const filters = [query.data.filter ?? []].flat().map((f) => parseFilter(f, all));
        const sort = parseSort(query.data.sort, all);
        const limit = query.data.limit ?? (view === "map" ? 5000 : 200);
        const result = pageOf(loaded.rows, loaded.order(sort), { filters, sort, limit, cursor: null });
        const shown = wanted ? wanted.map((c) => all.find((column) => column.id === c) as (typeof all)[number]) : all;
        // The map needs the coordinates even when they are not among the columns shown.
        const coordinates = all.filter((c) => (c.type === "latitude" || c.type === "longitude") && !shown.includes(c));
        const language = lang && isEmbedLanguage(lang.slice(0, 2)) ? lang.slice(0, 2) : "en";
        html = renderEmbed({
          datasetId: dataset.id,
          version: loaded.version.etag,
          meta: loaded.model.meta,
          columns: view === "map" ? [...shown, ...coordinates] : shown,
          rows: result.rows,
          total: result.total,
          view,
          language: language as never,
          nonce,
        });
      } catch (error) {
        if (error instanceof QueryError) return page(400, error.message);
        throw error;
      }
      return reply
        .type("text/html; charset=utf-8")
        .header(
          "content-security-policy",
          `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; frame-ancestors *`,
        )
        .header("cache-control", "public, max-age=60")
        .header("x-content-type-options", "nosniff")
        .send(html);
    });
  };
}
