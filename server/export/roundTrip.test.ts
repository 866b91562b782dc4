import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { type CellValue, type Column, emptyMeta, type Row } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { analyse } from "../import/analyse.ts";
import { convertRows } from "../import/convert.ts";
import { dataFile } from "../import/testing/data.ts";
import { type ExportFormat, exportDataset } from "./exportDataset.ts";
import type { ExportTable } from "./table.ts";

/** A dataset as the import would store it, as an export reads it. */
async function imported(bytes: Uint8Array, fileName: string, options = {}): Promise<ExportTable> {
  const analysis = await analyse(bytes, fileName, { locale: "fr", ...options });
  const { rows } = convertRows(analysis.read.table, analysis.plans, { locale: "fr" });
  const columns: Column[] = analysis.plans.map((p, i) => ({
    id: `col${String(i).padStart(3, "0")}` as ColumnId,
    name: p.name,
    type: p.type,
    choices: p.choices,
    description: p.description ?? "",
    position: String(i),
  }));
  return {
    meta: { ...emptyMeta(), title: "Lieux de médiation", description: "Test", source: fileName, licence: "ODbL-1.0" },
    columns,
    rows: rows.map(
      (values, r): Row => ({
        id: `row${String(r).padStart(7, "0")}` as RowId,
        position: String(r),
        cells: Object.fromEntries(columns.map((c, i) => [c.id, values[i] ?? null])) as Record<ColumnId, CellValue>,
      }),
    ),
  };
}

const shape = (table: ExportTable) => table.columns.map((c) => [c.name, c.type]);
const values = (table: ExportTable) => table.rows.map((row) => table.columns.map((c) => row.cells[c.id] ?? null));

async function exported(table: ExportTable, format: ExportFormat, options = {}) {
  const file = exportDataset(table, format, options);
  return { ...file, bytes: new Uint8Array(await buffer(file.body)) };
}

describe("export → import gives back the same values and types", async () => {
  const original = await imported(dataFile("places/france-services-2022.csv"), "france-services-2022.csv");

  it.each(["csv", "xlsx", "json", "datapackage"] as const)("%s", async (format) => {
    const file = await exported(original, format);
    const back = await imported(file.bytes, file.fileName);
    expect(shape(back)).toEqual(shape(original));
    expect(values(back)).toEqual(values(original));
  });

  it("geojson: the rows with coordinates, coordinates first", async () => {
    const file = await exported(original, "geojson");
    const back = await imported(file.bytes, file.fileName);
    const located = original.rows.filter((row) => typeof row.cells["col008" as ColumnId] === "number");
    expect(back.rows).toHaveLength(located.length);
    const byName = (table: ExportTable, row: Row) =>
      Object.fromEntries(table.columns.map((c) => [c.name, row.cells[c.id] ?? null]));
    expect(back.rows.map((row) => byName(back, row))).toEqual(located.map((row) => byName(original, row)));
    expect(Object.fromEntries(shape(back))).toEqual(Object.fromEntries(shape(original)));
  });

  it("the data package carries the Table Schema: bfc-ternum's types and titles survive", async () => {
    const schema = JSON.parse(dataFile("places/bfc-ternum/json/bfc-ternum-schema.json").toString());
    const bfc = await imported(dataFile("places/bfc-ternum/csv/bfc-ternum-dataset.csv"), "bfc.csv", {
      tableSchema: schema,
    });
    const file = await exported(bfc, "datapackage");
    const back = await imported(file.bytes, file.fileName);
    expect(shape(back)).toEqual(shape(bfc));
    expect(back.columns.map((c) => c.description)).toEqual(bfc.columns.map((c) => c.description));
    expect(values(back)).toEqual(values(bfc));
    expect(shape(bfc).find(([name]) => name === "mise_a_jour")).toEqual(["mise_a_jour", "text"]);
  });
});

describe("CSV export", () => {
  const table: ExportTable = {
    meta: { ...emptyMeta(), title: "t" },
    columns: [
      { id: "a" as ColumnId, name: "formula", type: "text", choices: [], description: "", position: "a" },
      { id: "b" as ColumnId, name: "n", type: "number", choices: [], description: "", position: "b" },
    ],
    rows: [
      ['=HYPERLINK("http://x")', -3],
      ["=cmd|' /C calc'!A0\nsecond line", 1.5],
      ["\n@SUM(1)", null],
      ['plain; text, "quoted"', 0],
    ].map(([a, b], i) => ({
      id: `r${i}` as RowId,
      position: String(i),
      cells: { a: a as CellValue, b: b as CellValue } as Record<ColumnId, CellValue>,
    })),
  };

  it("neutralises formulas, multi-line ones too, but not numbers; BOM and delimiter as asked", async () => {
    const text = Buffer.from((await exported(table, "csv", { bom: true, delimiter: ";" })).bytes).toString("utf8");
    expect(text).toBe(
      '\ufeffformula;n\r\n"\'=HYPERLINK(""http://x"")";-3\r\n"\'=cmd|\' /C calc\'!A0\nsecond line";1.5\r\n"\'\n@SUM(1)";\r\n"plain; text, ""quoted""";0\r\n',
    );
  });

  it("keeps formulas as they are for machine consumers, and reads back the same either way", async () => {
    const kept = Buffer.from((await exported(table, "csv", { formulas: "keep" })).bytes).toString("utf8");
    expect(kept.split("\r\n")[1]).toBe('"=HYPERLINK(""http://x"")",-3');
    for (const options of [{ formulas: "keep" }, {}]) {
      const back = await imported((await exported(table, "csv", options)).bytes, "t.csv");
      expect(values(back)).toEqual(values(table));
    }
  });
});
