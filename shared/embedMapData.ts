/**
 * What the embed page hands its map script (client/embed/embedMap.ts) as JSON, and how both show a
 * cell as text. Written by server/embed/renderEmbed.ts.
 */
import type { MapTiles } from "./api/instance.ts";
import { formatCell, type Words } from "./dataset/cellFormat.ts";
import type { CellValue, ColumnType } from "./dataset/schema.ts";

export type EmbedMapWords = {
  yes: string;
  no: string;
  loading: string;
  loadFailed: string;
  mapLabel: string;
  /** The keyboard's list of the points under the map: its disclosure (`{count}` for their number), name, untitled point. */
  listShow: string;
  listLabel: string;
  untitled: string;
  /** The map's zoom buttons. */
  zoomIn: string;
  zoomOut: string;
};

export type EmbedMapData = {
  datasetId: string;
  /** The snapshot's ETag the page was rendered from. */
  version: string;
  language: string;
  tiles: MapTiles;
  /** The columns a point's popup lists, in order (the first is its title). */
  columns: { id: string; name: string; type: ColumnType }[];
  words: EmbedMapWords;
  /** [latitude, longitude, row id, label]. */
  points: [number, number, string, string][];
};

/** A cell as the embed shows it: as the app does (shared/dataset/cellFormat.ts), in the page's language. */
export function cellText(
  column: { type: ColumnType },
  value: CellValue | undefined,
  words: Words,
  language: string,
): string {
  return value === undefined ? "" : formatCell(column, value, language, words);
}

/** A column's name that says it holds names or titles ("Nom", "nom_structure", "Title", "Libellé"; not "Nombre"). */
const NAMING = /(^|[^\p{L}])(nom|name|titre|title|libellé|libelle|label|intitulé|intitule)(?!\p{L})/iu;

/**
 * The column that names a row best, for a card's or a point's title, judged on the first rows: a
 * text column whose name says it holds names; else one holding several words (names, where codes
 * and ids are one token, like "mednumBFC_TL_1"); else one holding letters; else the first column.
 */
export function titleColumn<C extends { id: string; name?: string; type: ColumnType }>(
  columns: C[],
  rows: { cells: Partial<Record<string, CellValue>> }[],
): C | undefined {
  const sample = rows.slice(0, 50);
  const text = columns.filter((c) => c.type === "text");
  const holds = (test: RegExp) => (c: C) =>
    sample.some((row) => {
      const value = row.cells[c.id];
      return typeof value === "string" && test.test(value);
    });
  return (
    text.find((c) => NAMING.test(c.name ?? "") && holds(/\p{L}/u)(c)) ??
    text.find(holds(/\p{L}[^\s]*\s+[^\s]*\p{L}/u)) ??
    text.find(holds(/\p{L}/u)) ??
    columns[0]
  );
}

/** The columns with the title column first. */
export function titleFirst<C extends { id: string; name?: string; type: ColumnType }>(
  columns: C[],
  rows: { cells: Partial<Record<string, CellValue>> }[],
): C[] {
  const title = titleColumn(columns, rows);
  return title ? [title, ...columns.filter((c) => c !== title)] : columns;
}
