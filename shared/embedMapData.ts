/**
 * What the embed page hands its map script (client/embed/embedMap.ts) as JSON, and how both show a
 * cell as text. Written by server/embed/renderEmbed.ts.
 */
import type { MapTiles } from "./api/instance.ts";
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

/** A cell as the embed shows it: yes/no in the page's language, numbers in its notation. */
export function cellText(value: CellValue | undefined, words: { yes: string; no: string }, language: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? words.yes : words.no;
  if (typeof value === "number") return value.toLocaleString(language);
  return String(value);
}

/**
 * The column that names a row best, for a card's or a point's title: the first text column
 * holding words (not only digits, as codes and ids do) in the first rows, else the first column.
 */
export function titleColumn<C extends { id: string; type: ColumnType }>(
  columns: C[],
  rows: { cells: Partial<Record<string, CellValue>> }[],
): C | undefined {
  const sample = rows.slice(0, 50);
  const words = (value: CellValue | undefined) => typeof value === "string" && /\p{L}/u.test(value);
  return columns.find((c) => c.type === "text" && sample.some((row) => words(row.cells[c.id]))) ?? columns[0];
}

/** The columns with the title column first. */
export function titleFirst<C extends { id: string; type: ColumnType }>(
  columns: C[],
  rows: { cells: Partial<Record<string, CellValue>> }[],
): C[] {
  const title = titleColumn(columns, rows);
  return title ? [title, ...columns.filter((c) => c !== title)] : columns;
}
