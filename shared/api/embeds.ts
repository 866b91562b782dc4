/** The embed page's options and a dataset's embed settings (docs/API.md, Embeds). */
import { z } from "zod";
import { route } from "./route.ts";

export const embedViews = ["grid", "cards", "map"] as const;
export type EmbedView = (typeof embedViews)[number];

/** At most this many sites may be listed as allowed to frame a dataset's embed. */
export const MAX_EMBED_SITES = 50;

/**
 * A site allowed to frame an embed, as a CSP source: `https://example.org`, `http://localhost:8080`,
 * or `https://*.example.org` for every subdomain. Nothing else (no path, no other scheme, no
 * quote or space that could add another CSP directive). Lower-cased, without a final slash.
 */
export const embedSiteSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((site) => site.replace(/\/$/, ""))
  .pipe(
    z
      .string()
      .max(300)
      .regex(/^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/, {
        message: "a site is written like https://example.org (no path), or https://*.example.org",
      }),
  );

/** `PUT /api/datasets/{id}/embed-settings` (owners) and its answer (anyone who may open the dataset). */
export const embedSettingsSchema = z.object({
  /** Empty: any site may show the embed. */
  sites: z
    .array(embedSiteSchema)
    .max(MAX_EMBED_SITES)
    .transform((sites) => [...new Set(sites)]),
});
export type EmbedSettings = z.output<typeof embedSettingsSchema>;

export const embedApi = {
  /** The sites allowed to frame the dataset's embed (anyone who may open the dataset reads them). */
  settings: route({
    method: "GET",
    path: "/api/datasets/:id/embed-settings",
    answer: z.object({ sites: z.array(z.string()) }),
  }),
  setSites: route({
    method: "PUT",
    path: "/api/datasets/:id/embed-settings",
    body: embedSettingsSchema,
    answer: z.object({ sites: z.array(z.string()) }),
  }),
};

/** The embed's address for a view, language and optional columns (ids in order). */
export function embedPath(
  datasetId: string,
  { view, lang, columns }: { view: EmbedView; lang?: string; columns?: string[] },
): string {
  const query = new URLSearchParams({ view });
  if (lang) query.set("lang", lang);
  if (columns && columns.length > 0) query.set("columns", columns.join(","));
  return `/embed/${encodeURIComponent(datasetId)}?${query}`;
}
