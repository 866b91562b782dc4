/**
 * The embed page's HTML, rendered on the server from a snapshot's model: a grid (a table), cards,
 * or a map of the rows with coordinates (points drawn in SVG, no tiles and no script library).
 * Every text from the dataset is escaped. Pure: embedRoutes.ts serves it.
 */
import type { QueryRow } from "../../shared/api/rowQuery.ts";
import type { SnapshotColumn } from "../../shared/api/v1.ts";
import type { CellValue, DatasetMeta } from "../../shared/dataset/index.ts";

export const embedViews = ["grid", "cards", "map"] as const;
export type EmbedView = (typeof embedViews)[number];

const words = {
  en: {
    rows: (n: number) => `${n.toLocaleString("en")} rows`,
    none: "No rows.",
    noMap: "No row has coordinates.",
    yes: "yes",
    no: "no",
    more: (n: number) => `${n.toLocaleString("en")} more rows not shown`,
  },
  fr: {
    rows: (n: number) => `${n.toLocaleString("fr")} lignes`,
    none: "Aucune ligne.",
    noMap: "Aucune ligne n’a de coordonnées.",
    yes: "oui",
    no: "non",
    more: (n: number) => `${n.toLocaleString("fr")} lignes de plus non affichées`,
  },
  es: {
    rows: (n: number) => `${n.toLocaleString("es")} filas`,
    none: "Ninguna fila.",
    noMap: "Ninguna fila tiene coordenadas.",
    yes: "sí",
    no: "no",
    more: (n: number) => `${n.toLocaleString("es")} filas más no mostradas`,
  },
};
export type EmbedLanguage = keyof typeof words;
export const isEmbedLanguage = (lang: string): lang is EmbedLanguage => Object.hasOwn(words, lang);

export type EmbedInput = {
  datasetId: string;
  version: string;
  meta: DatasetMeta;
  columns: SnapshotColumn[];
  rows: QueryRow[];
  /** Rows matching, of which `rows` are the first shown. */
  total: number;
  view: EmbedView;
  language: EmbedLanguage;
  nonce: string;
};

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

function shown(value: CellValue | undefined, w: (typeof words)[EmbedLanguage], language: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? w.yes : w.no;
  if (typeof value === "number") return value.toLocaleString(language);
  return String(value);
}

/** A link only for web addresses (never `javascript:`), an email as mailto. */
function cellHtml(
  column: SnapshotColumn,
  value: CellValue | undefined,
  w: (typeof words)[EmbedLanguage],
  language: string,
) {
  const text = escapeHtml(shown(value, w, language));
  if (typeof value === "string" && column.type === "url" && /^https?:\/\//i.test(value))
    return `<a href="${escapeHtml(value)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
  if (typeof value === "string" && column.type === "email" && /^[^\s@]+@[^\s@]+$/.test(value))
    return `<a href="mailto:${escapeHtml(value)}">${text}</a>`;
  return text;
}

function grid(input: EmbedInput, w: (typeof words)[EmbedLanguage]) {
  const head = input.columns.map((c) => `<th scope="col">${escapeHtml(c.name)}</th>`).join("");
  const body = input.rows
    .map(
      (row) =>
        `<tr>${input.columns.map((c) => `<td>${cellHtml(c, row.cells[c.id], w, input.language)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function cards(input: EmbedInput, w: (typeof words)[EmbedLanguage]) {
  const [first, ...rest] = input.columns;
  return `<div class="cards">${input.rows
    .map((row) => {
      const title = first ? cellHtml(first, row.cells[first.id], w, input.language) : "";
      const fields = rest
        .filter((c) => shown(row.cells[c.id], w, input.language) !== "")
        .map((c) => `<dt>${escapeHtml(c.name)}</dt><dd>${cellHtml(c, row.cells[c.id], w, input.language)}</dd>`)
        .join("");
      return `<article><h2>${title}</h2><dl>${fields}</dl></article>`;
    })
    .join("\n")}</div>`;
}

function map(input: EmbedInput, w: (typeof words)[EmbedLanguage]) {
  const lat = input.columns.find((c) => c.type === "latitude");
  const lon = input.columns.find((c) => c.type === "longitude");
  const label = input.columns[0];
  const points = input.rows.flatMap((row) => {
    const y = lat ? row.cells[lat.id] : null;
    const x = lon ? row.cells[lon.id] : null;
    return typeof x === "number" && typeof y === "number" && Math.abs(y) <= 90 && Math.abs(x) <= 180
      ? [{ row, x, y }]
      : [];
  });
  if (points.length === 0) return `<p>${escapeHtml(w.noMap)}</p>`;
  const pad = 0.01;
  const minX = Math.min(...points.map((p) => p.x)) - pad;
  const maxX = Math.max(...points.map((p) => p.x)) + pad;
  const minY = Math.min(...points.map((p) => p.y)) - pad;
  const maxY = Math.max(...points.map((p) => p.y)) + pad;
  // Equirectangular, corrected for the latitude so that shapes are not stretched.
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const width = 1000;
  const height = Math.max(200, Math.min(1000, (width * (maxY - minY)) / ((maxX - minX) * k || 1)));
  const circles = points
    .map(({ row, x, y }) => {
      const cx = (((x - minX) / (maxX - minX)) * width).toFixed(1);
      const cy = (((maxY - y) / (maxY - minY)) * height).toFixed(1);
      const title = label ? escapeHtml(shown(row.cells[label.id], w, input.language)) : "";
      return `<circle cx="${cx}" cy="${cy}" r="5"><title>${title}</title></circle>`;
    })
    .join("");
  return `<svg class="map" viewBox="0 0 ${width} ${height.toFixed(0)}" role="img" aria-label="${escapeHtml(input.meta.title)}">${circles}</svg>`;
}

export function renderEmbed(input: EmbedInput): string {
  const w = words[input.language];
  const content = input.rows.length === 0 ? `<p>${escapeHtml(w.none)}</p>` : { grid, cards, map }[input.view](input, w);
  const more =
    input.total > input.rows.length ? `<p class="more">${escapeHtml(w.more(input.total - input.rows.length))}</p>` : "";
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.meta.title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; padding: 0.5rem; color: #1d1d1f; }
  header { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; } h1 { font-size: 1.1rem; margin: 0 0 0.5rem; }
  .scroll { overflow: auto; } table { border-collapse: collapse; } th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e2e4e8; white-space: nowrap; }
  th { position: sticky; top: 0; background: #f6f8fa; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.5rem; }
  article { border: 1px solid #d0d4dc; border-radius: 6px; padding: 0.5rem 0.75rem; } article h2 { font-size: 1rem; margin: 0 0 0.25rem; }
  dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 0.5rem; } dt { color: #57606a; } dd { margin: 0; overflow-wrap: anywhere; }
  .map { width: 100%; height: auto; background: #eef3f7; } .map circle { fill: #0b57d0; fill-opacity: 0.7; stroke: #fff; }
  .more, .count { color: #57606a; }
</style>
</head>
<body>
<header><h1>${escapeHtml(input.meta.title)}</h1><span class="count">${escapeHtml(w.rows(input.total))}</span></header>
${content}
${more}
<script nonce="${input.nonce}">
  // Reloads when the dataset's snapshot changes (a cheap 304 otherwise).
  setInterval(async () => {
    const answer = await fetch(${JSON.stringify(`/api/v1/datasets/${input.datasetId}/snapshot.json`)}, {
      method: "HEAD",
      headers: { "if-none-match": ${JSON.stringify(`"${input.version}"`)} },
      cache: "no-store",
    }).catch(() => null);
    if (answer && answer.status === 200) location.reload();
  }, 30000);
</script>
</body>
</html>
`;
}
