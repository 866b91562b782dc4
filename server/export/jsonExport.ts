/** JSON (an array of objects keyed by column name) and GeoJSON (points, when the dataset has coordinates), streamed. */
import type { Column, Row } from "../../shared/dataset/index.ts";
import { CHUNK_ROWS, type ExportTable } from "./table.ts";

const record = (columns: readonly Column[], row: Row) =>
  Object.fromEntries(columns.map((c) => [c.name, row.cells[c.id] ?? null]));

export function* jsonChunks(table: ExportTable): Generator<string> {
  yield "[";
  for (let start = 0; start < table.rows.length; start += CHUNK_ROWS) {
    const slice = table.rows.slice(start, start + CHUNK_ROWS);
    yield (start === 0 ? "\n" : ",\n") + slice.map((row) => JSON.stringify(record(table.columns, row))).join(",\n");
  }
  yield "\n]\n";
}

/** The latitude and longitude columns GeoJSON is made from (the first of each type), or null. */
export function coordinateColumns(columns: readonly Column[]): { lat: Column; lon: Column } | null {
  const lat = columns.find((c) => c.type === "latitude");
  const lon = columns.find((c) => c.type === "longitude");
  return lat && lon ? { lat, lon } : null;
}

/** Points with every other column as properties; rows without both coordinates are left out. */
export function* geoJsonChunks(table: ExportTable): Generator<string> {
  const coordinates = coordinateColumns(table.columns);
  if (!coordinates) throw new Error("the dataset has no latitude and longitude columns");
  const { lat, lon } = coordinates;
  const properties = table.columns.filter((c) => c !== lat && c !== lon);
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for (let start = 0; start < table.rows.length; start += CHUNK_ROWS) {
    const features: string[] = [];
    for (const row of table.rows.slice(start, start + CHUNK_ROWS)) {
      const y = row.cells[lat.id];
      const x = row.cells[lon.id];
      if (typeof x !== "number" || typeof y !== "number") continue;
      features.push(
        JSON.stringify({
          type: "Feature",
          id: row.id,
          geometry: { type: "Point", coordinates: [x, y] },
          properties: record(properties, row),
        }),
      );
    }
    if (features.length === 0) continue;
    yield (first ? "\n" : ",\n") + features.join(",\n");
    first = false;
  }
  yield "\n]}\n";
}
