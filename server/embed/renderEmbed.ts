/**
 * The embed page's HTML, rendered on the server from a snapshot's model: a grid (a table), cards,
 * or a map of the rows with coordinates (a Leaflet map built in the browser by
 * client/embed/embedMap.ts from the points written into the page as JSON; a point's values are
 * read from /api/v1 when it is opened). Every text from the dataset is escaped. Pure:
 * embedRoutes.ts serves it.
 */
import type { EmbedView } from "../../shared/api/embeds.ts";
import type { MapTiles } from "../../shared/api/instance.ts";
import type { QueryRow } from "../../shared/api/rowQuery.ts";
import type { SnapshotColumn } from "../../shared/api/v1.ts";
import type { CellValue, DatasetMeta } from "../../shared/dataset/index.ts";
import { cellText, type EmbedMapData } from "../../shared/embedMapData.ts";

const words = {
  en: {
    rows: (n: number) => `${n.toLocaleString("en")} rows`,
    none: "No rows.",
    noMap: "No row has coordinates.",
    yes: "yes",
    no: "no",
    more: (n: number) => `${n.toLocaleString("en")} more rows not shown`,
    onMap: (n: number) => `${n.toLocaleString("en")} on the map`,
    notOnMap: (n: number) => `${n.toLocaleString("en")} without coordinates`,
    noScript: "The map could not be loaded.",
    loading: "Loading…",
    loadFailed: "This row could not be loaded.",
    mapLabel: "Map",
    listShow: "List of the points ({count})",
    listLabel: "Points on the map",
    untitled: "Point without a name",
    zoomIn: "Zoom in",
    zoomOut: "Zoom out",
    notFound: "No such public dataset.",
    preparing: "The dataset is being prepared; reload in a moment.",
  },
  fr: {
    rows: (n: number) => `${n.toLocaleString("fr")} lignes`,
    none: "Aucune ligne.",
    noMap: "Aucune ligne n’a de coordonnées.",
    yes: "oui",
    no: "non",
    more: (n: number) => `${n.toLocaleString("fr")} lignes de plus non affichées`,
    onMap: (n: number) => `${n.toLocaleString("fr")} sur la carte`,
    notOnMap: (n: number) => `${n.toLocaleString("fr")} sans coordonnées`,
    noScript: "La carte n’a pas pu être chargée.",
    loading: "Chargement…",
    loadFailed: "Cette ligne n’a pas pu être chargée.",
    mapLabel: "Carte",
    listShow: "Liste des points ({count})",
    listLabel: "Points sur la carte",
    untitled: "Point sans nom",
    zoomIn: "Zoomer",
    zoomOut: "Dézoomer",
    notFound: "Aucun jeu de données public à cette adresse.",
    preparing: "Le jeu de données est en cours de préparation ; rechargez dans un instant.",
  },
  es: {
    rows: (n: number) => `${n.toLocaleString("es")} filas`,
    none: "Ninguna fila.",
    noMap: "Ninguna fila tiene coordenadas.",
    yes: "sí",
    no: "no",
    more: (n: number) => `${n.toLocaleString("es")} filas más no mostradas`,
    onMap: (n: number) => `${n.toLocaleString("es")} en el mapa`,
    notOnMap: (n: number) => `${n.toLocaleString("es")} sin coordenadas`,
    noScript: "No se pudo cargar el mapa.",
    loading: "Cargando…",
    loadFailed: "No se pudo cargar esta fila.",
    mapLabel: "Mapa",
    listShow: "Lista de los puntos ({count})",
    listLabel: "Puntos en el mapa",
    untitled: "Punto sin nombre",
    zoomIn: "Acercar",
    zoomOut: "Alejar",
    notFound: "Ningún conjunto de datos público en esta dirección.",
    preparing: "El conjunto de datos se está preparando; vuelva a cargar en un momento.",
  },
};
export type EmbedLanguage = keyof typeof words;
export const isEmbedLanguage = (lang: string): lang is EmbedLanguage => Object.hasOwn(words, lang);

/** A page of one sentence, shown instead of the embed; `text` is escaped, `language` set when known. */
export const noticePage = (text: string, language?: EmbedLanguage) => {
  const escaped = escapeHtml(text);
  const lang = language ? ` lang="${language}"` : "";
  return `<!doctype html><html${lang}><meta charset="utf-8"><title>${escaped}</title><p>${escaped}</p></html>`;
};

/** The visitors' notices (no such public dataset, not ready yet), in the embed's language. */
export const embedNotice = (language: EmbedLanguage, notice: "notFound" | "preparing") =>
  noticePage(words[language][notice], language);

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
  /** The built map script and styles (embedAssets.ts), or null: no client build. */
  mapAssets: { script: string; styles: string[]; preload: string[] } | null;
  tiles: MapTiles;
  refreshSeconds: number;
};

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** A link only for web addresses (never `javascript:`), an email as mailto. */
function cellHtml(
  column: SnapshotColumn,
  value: CellValue | undefined,
  w: (typeof words)[EmbedLanguage],
  language: string,
) {
  const text = escapeHtml(cellText(column, value, w, language));
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
        .filter((c) => cellText(c, row.cells[c.id], w, input.language) !== "")
        .map((c) => `<dt>${escapeHtml(c.name)}</dt><dd>${cellHtml(c, row.cells[c.id], w, input.language)}</dd>`)
        .join("");
      return `<article><h2>${title}</h2><dl>${fields}</dl></article>`;
    })
    .join("\n")}</div>`;
}

/** Rows with both coordinates, as [latitude, longitude, row id, label]. */
function mapPoints(input: EmbedInput, w: (typeof words)[EmbedLanguage]): EmbedMapData["points"] {
  const lat = input.columns.find((c) => c.type === "latitude");
  const lon = input.columns.find((c) => c.type === "longitude");
  const label = input.columns.find((c) => c.type !== "latitude" && c.type !== "longitude");
  if (!lat || !lon) return [];
  return input.rows.flatMap((row) => {
    const y = row.cells[lat.id];
    const x = row.cells[lon.id];
    if (typeof x !== "number" || typeof y !== "number" || Math.abs(y) > 90 || Math.abs(x) > 180) return [];
    return [[y, x, row.id, label ? cellText(label, row.cells[label.id], w, input.language) : ""]];
  });
}

/** JSON inside a <script> element: `<` escaped so that no text can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function map(input: EmbedInput, w: (typeof words)[EmbedLanguage]) {
  const points = mapPoints(input, w);
  if (points.length === 0) return `<p>${escapeHtml(w.noMap)}</p>`;
  const data: EmbedMapData = {
    datasetId: input.datasetId,
    version: input.version,
    language: input.language,
    tiles: input.tiles,
    columns: input.columns
      .filter((c) => c.type !== "latitude" && c.type !== "longitude")
      .map(({ id, name, type }) => ({ id, name, type })),
    words: {
      yes: w.yes,
      no: w.no,
      loading: w.loading,
      loadFailed: w.loadFailed,
      mapLabel: w.mapLabel,
      listShow: w.listShow,
      listLabel: w.listLabel,
      untitled: w.untitled,
      zoomIn: w.zoomIn,
      zoomOut: w.zoomOut,
    },
    points,
  };
  const missing = input.rows.length - points.length;
  return `<p class="count">${escapeHtml(w.onMap(points.length))}${missing > 0 ? ` · ${escapeHtml(w.notOnMap(missing))}` : ""}</p>
<div id="map" class="map">${input.mapAssets ? "" : `<p>${escapeHtml(w.noScript)}</p>`}</div>
<script type="application/json" id="embed-map-data">${scriptJson(data)}</script>
${input.mapAssets ? `<script type="module" src="${escapeHtml(input.mapAssets.script)}"></script>` : ""}`;
}

/**
 * The page's only inline script; the same for the same snapshot, so that the CSP can allow it by
 * its hash (a nonce would not survive a 304). It checks the snapshot's ETag (a cheap 304 while
 * nothing changed); on a change the map redraws its points in place (embedMap.ts sets
 * dataPatchRefresh), other views reload.
 */
export const refreshScript = ({
  datasetId,
  version,
  refreshSeconds,
}: Pick<EmbedInput, "datasetId" | "version" | "refreshSeconds">) => `
  let version = ${scriptJson(`"${version}"`)};
  setInterval(async () => {
    const answer = await fetch(${scriptJson(`/api/v1/datasets/${datasetId}/snapshot.json`)}, {
      method: "HEAD",
      headers: { "if-none-match": version },
      cache: "no-store",
    }).catch(() => null);
    if (!answer || answer.status !== 200) return;
    if (window.dataPatchRefresh) version = (await window.dataPatchRefresh().catch(() => null)) ?? version;
    else location.reload();
  }, ${refreshSeconds * 1000});
`;

function mapHead(input: EmbedInput): string {
  if (input.view !== "map" || !input.mapAssets) return "";
  const { styles, preload } = input.mapAssets;
  return [
    ...styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...preload.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
  ]
    .map((line) => `${line}\n`)
    .join("");
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
${mapHead(input)}<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; padding: 0.5rem; color: #1d1d1f; }
  header { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; } h1 { font-size: 1.1rem; margin: 0 0 0.5rem; }
  .scroll { overflow: auto; } table { border-collapse: collapse; } th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e2e4e8; white-space: nowrap; }
  th { position: sticky; top: 0; background: #f6f8fa; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.5rem; }
  article { border: 1px solid #d0d4dc; border-radius: 6px; padding: 0.5rem 0.75rem; } article h2 { font-size: 1rem; margin: 0 0 0.25rem; }
  dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 0.5rem; } dt { color: #57606a; } dd { margin: 0; overflow-wrap: anywhere; }
  /* A card's labels above their values: beside them, long column names left values a few letters wide. */
  article dl { grid-template-columns: 1fr; } article dt { font-size: 0.85em; } article dd { margin-bottom: 0.25rem; }
  body.map-view { display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; } body.map-view main { flex: 1; display: flex; flex-direction: column; min-height: 0; }
  .map { flex: 1; min-height: 240px; background: #eef3f7; } .map-view .count { margin: 0 0 0.25rem; }
  .leaflet-popup-content dl { grid-template-columns: auto 1fr; } .leaflet-popup-content h2 { font-size: 1rem; margin: 0 0 0.25rem; }
  .more, .count { color: #57606a; }
</style>
</head>
<body class="${input.view}-view">
<header><h1>${escapeHtml(input.meta.title)}</h1><span class="count">${escapeHtml(w.rows(input.total))}</span></header>
<main>
${content}
${more}
</main>
<script>${refreshScript(input)}</script>
</body>
</html>
`;
}
