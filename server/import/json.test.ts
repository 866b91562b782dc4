import { describe, expect, it } from "vitest";
import { readJson } from "./json.ts";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("JSON", () => {
  it("an array of objects: nested keys flattened, arrays joined, columns in order of appearance", () => {
    const table = readJson(
      json([
        { nom: "A", adresse: { ville: "Dijon", cp: "21000" }, tags: ["wifi", "café"], n: 1 },
        { nom: "B", ouvert: true, tags: [], points: [{ x: 1 }] },
      ]),
    );
    expect(table.format).toBe("json");
    expect(table.names).toEqual(["nom", "adresse.ville", "adresse.cp", "tags", "n", "ouvert", "points"]);
    expect(table.rows).toEqual([
      ["A", "Dijon", "21000", "wifi; café", 1, null, null],
      ["B", null, null, null, null, true, '[{"x":1}]'],
    ]);
  });

  it("an object holding one list of records, as APIs answer", () => {
    expect(readJson(json({ total: 1, data: [{ a: 1 }] })).rows).toEqual([[1]]);
  });

  it.each([
    ["not JSON", Buffer.from("[{"), "bad-json"],
    ["not a list", json({ a: 1 }), "not-a-table"],
    ["an empty list", json([]), "empty-file"],
    ["empty", Buffer.alloc(0), "empty-file"],
  ])("%s is refused", (_, bytes, code) => {
    expect(() => readJson(bytes)).toThrow(expect.objectContaining({ code }));
  });
});

describe("GeoJSON", () => {
  it("points become latitude and longitude columns, properties columns; other geometries are reported", () => {
    const table = readJson(
      json({
        type: "FeatureCollection",
        features: [
          { type: "Feature", geometry: { type: "Point", coordinates: [5.04, 47.36] }, properties: { nom: "A" } },
          { type: "Feature", geometry: { type: "LineString", coordinates: [[0, 0]] }, properties: { nom: "B" } },
        ],
      }),
    );
    expect(table.format).toBe("geojson");
    expect(table.names).toEqual(["latitude", "longitude", "nom"]);
    expect(table.rows).toEqual([
      [47.36, 5.04, "A"],
      [null, null, "B"],
    ]);
    expect(table.problems).toEqual([
      {
        code: "not-a-point",
        line: 2,
        message: "feature 2 has a LineString geometry: imported without coordinates",
        params: { feature: 2, geometry: "LineString" },
      },
    ]);
  });
});
