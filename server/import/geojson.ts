/**
 * GeoJSON FeatureCollections of points: each feature a row, its coordinates in `latitude` and
 * `longitude` columns (GeoJSON writes longitude first), its properties as columns (nested ones
 * flattened as in json.ts). Features without a point geometry keep their properties with empty
 * coordinates, and are reported: a dataset stores points, not lines or areas.
 */
import type { CellValue } from "../../shared/dataset/index.ts";
import { tableOfRecords } from "./json.ts";
import { MAX_LISTED_PROBLEMS, type RawTable, type SourceProblem } from "./table.ts";

export const LATITUDE = "latitude";
export const LONGITUDE = "longitude";

export function readGeoJson(collection: { features: unknown }): RawTable {
  const features = Array.isArray(collection.features) ? collection.features : [];
  const problems: SourceProblem[] = [];
  let notPoints = 0;
  const table = tableOfRecords(
    features,
    (feature, i) => {
      const geometry = (feature as { geometry?: { type?: unknown; coordinates?: unknown } } | null)?.geometry;
      const coordinates = geometry?.type === "Point" ? geometry.coordinates : null;
      if (
        Array.isArray(coordinates) &&
        typeof coordinates[0] === "number" &&
        typeof coordinates[1] === "number" &&
        Number.isFinite(coordinates[0]) &&
        Number.isFinite(coordinates[1])
      )
        return { [LATITUDE]: coordinates[1] as CellValue, [LONGITUDE]: coordinates[0] as CellValue };
      if (++notPoints <= MAX_LISTED_PROBLEMS)
        problems.push({
          code: "not-a-point",
          line: i + 1,
          params: { feature: i + 1, geometry: geometry?.type ? String(geometry.type) : "" },
          message: `feature ${i + 1} has ${geometry?.type ? `a ${String(geometry.type)} geometry` : "no geometry"}: imported without coordinates`,
        });
      return { [LATITUDE]: null, [LONGITUDE]: null };
    },
    problems,
  );
  return table;
}
