import path from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { CellValue } from "../../shared/dataset/index.ts";
import { readCsv } from "./csv.ts";
import { dataFile } from "./testing/data.ts";
import { readXlsx } from "./xlsx.ts";

const sheetjs = (name: string) => dataFile(path.join("xlsx/sheetjs-test_files", name));

/** A cell read from the workbook against the text Excel wrote for it in its own CSV export. */
function sameAsExcel(value: CellValue, text: CellValue): boolean {
  if (value === null) return text === null;
  if (typeof value === "boolean") return text === (value ? "TRUE" : "FALSE");
  if (typeof value === "number") return Number(String(text).replace(/[$,\s]/g, "")) === value;
  // Excel for Mac writes a line break inside a cell as a lone CR.
  const lines = (v: unknown) => String(v).replace(/\r\n?/g, "\n");
  return lines(value) === lines(text);
}

describe("SheetJS workbooks against the CSV Excel exported beside them", () => {
  it.each([
    ["formulae_test_simple.xlsx", 0],
    ["merge_cells.xlsx", 0],
    ["mixed_sheets.xlsx", 0],
    ["mixed_sheets.xlsx", 1],
    ["mixed_sheets.xlsx", 2],
    ["sheet_visibility.xlsx", 0],
    ["sheet_visibility.xlsx", 1],
    ["sheet_visibility.xlsx", 2],
    ["text_and_numbers.xlsx", 0],
    ["rich_text_stress.xlsx", 0],
    ["interview.xlsx", 0],
    ["interview.xlsx", 1],
    ["hyperlink_stress_test_2011.xlsx", 0],
  ])("%s, sheet %i", async (file, sheet) => {
    const workbook = await readXlsx(sheetjs(file), { sheet, headerRow: null });
    const csv = readCsv(sheetjs(`2016/${file}.${sheet}.csv`), { headerRow: null, delimiter: "," });
    const mismatches: string[] = [];
    // Blank rows: Excel's CSV keeps them, the reader skips them.
    const csvRows = csv.rows.filter((row) => row.some((v) => v !== null));
    csvRows.forEach((row, r) => {
      row.forEach((text, c) => {
        const value = workbook.rows[r]?.[c] ?? null;
        // Excel's CSV lost what its code page cannot hold (Hebrew as "____").
        if (typeof text === "string" && /_{2,}|\uFFFD/.test(text)) return;
        if (!sameAsExcel(value, text)) mismatches.push(`${r + 1}:${c + 1} ${JSON.stringify(value)} ≠ ${text}`);
      });
    });
    expect(mismatches).toEqual([]);
    expect(workbook.rows.length).toBe(csvRows.length);
  });

  it("formulas give their values and errors are reported", async () => {
    const workbook = await readXlsx(sheetjs("formulae_test_simple.xlsx"), { headerRow: null });
    expect(workbook.rows.at(-1)).toEqual(["#VALUE!", 55, "#VALUE!", 55]);
    expect(workbook.problems.filter((p) => p.code === "formula-error").map((p) => p.line)).toEqual([6, 6]);
  });
});

describe("error and boolean cells", () => {
  it("error values are kept as their text and reported; booleans stay booleans", async () => {
    const workbook = await readXlsx(sheetjs("ErrorTypes.xlsx"));
    expect(workbook.rows[0]?.slice(0, 8)).toEqual(["#NULL!", "#NULL!", "#NULL?", "#NULL", 1, 1, 16, true]);
    expect(workbook.problems.filter((p) => p.code === "formula-error").length).toBeGreaterThan(0);
  });

  it("a formula whose value is FALSE reads as false (exceljs issue 2943)", async () => {
    // ISNA(A2) is FALSE in Excel's own CSV.
    const workbook = await readXlsx(sheetjs("ErrorTypes.xlsx"));
    expect(workbook.rows[0]?.[8]).toBe(false);
  });

  it("formulas whose cached results are FALSE, 0 or TRUE keep them", async () => {
    const { default: Excel } = await import("exceljs");
    const book = new Excel.Workbook();
    const sheet = book.addWorksheet("Sheet1");
    sheet.addRow(["false", "zero", "true", "text"]);
    sheet.addRow([
      { formula: "1=2", result: false },
      { formula: "1-1", result: 0 },
      { formula: "1=1", result: true },
      { formula: '"a"&"b"', result: "ab" },
    ]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    // The cached results are in the file (exceljs writes them right; its reader loses them).
    const xml = strFromU8(unzipSync(bytes)["xl/worksheets/sheet1.xml"] as Uint8Array);
    expect(xml).toContain('t="b"><f>1=2</f><v>0</v>');
    const { rows } = await readXlsx(bytes);
    expect(rows).toEqual([[false, 0, true, "ab"]]);
  });
});

describe("dates", () => {
  it('1900 and 1904 date systems give the dates Excel shows (TEXT(B1,"YYYY-MM-DD") beside them)', async () => {
    for (const file of ["1904/1900.xlsx", "1904/1904.xlsx"]) {
      const { rows } = await readXlsx(sheetjs(file), { headerRow: null });
      for (const row of rows) expect(row[1]).toBe(row[2]);
    }
    const { rows } = await readXlsx(sheetjs("1904/1904.xlsx"), { headerRow: null });
    expect(rows[0]?.slice(0, 2)).toEqual([1, "1904-01-02"]);
  });

  it("a date with a time of day keeps it", async () => {
    const { names, rows } = await readXlsx(sheetjs("DataTypesFormats.xlsx"));
    expect(names).toEqual(["Date", "2020-07-23"]);
    expect(rows[0]).toEqual(["Date Time", "2020-07-23 09:00"]);
  });
});

describe("sheets", () => {
  it("hidden sheets are listed, not chosen", async () => {
    const workbook = await readXlsx(sheetjs("sheet_visibility.xlsx"));
    expect(workbook.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ["Visible", false],
      ["Hidden", true],
      ["VeryHidden", true],
    ]);
    expect(workbook.sheet).toBe(0);
    expect((await readXlsx(sheetjs("sheet_visibility.xlsx"), { sheet: 1 })).names).toEqual([
      "H",
      "i",
      "d",
      "d (2)",
      "e",
      "n",
    ]);
  });

  it("merged cells hold their value in the first cell, and are said", async () => {
    const workbook = await readXlsx(sheetjs("merge_cells.xlsx"), { headerRow: null });
    expect(workbook.rows[0]).toEqual(["A1:B2", null, "C1:C2", "Separate blocks"]);
    expect(workbook.problems.map((p) => p.code)).toContain("merged-cells");
  });
});

describe("broken workbooks", () => {
  const good = sheetjs("merge_cells.xlsx");
  it.each([
    ["empty", new Uint8Array(0), "empty-file"],
    ["truncated", good.subarray(0, Math.floor(good.length / 2)), "not-a-workbook"],
    ["a CSV named .xlsx", Buffer.from("a,b\n1,2\n"), "not-a-workbook"],
    ["a zip that is no workbook", zipSync({ "readme.txt": strToU8("hello") }), "not-a-workbook"],
    ["garbage", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), "not-a-workbook"],
  ])("%s", async (_, bytes, code) => {
    await expect(readXlsx(bytes)).rejects.toMatchObject({ code });
  });

  it("a zip bomb is refused before it is expanded, even when its sizes lie", async () => {
    // 8 MiB of zeros in a sheet: about 8 KiB zipped; the limit is set low to keep the test quick.
    const bomb = zipSync({
      "xl/workbook.xml": strToU8("<workbook/>"),
      "xl/worksheets/sheet1.xml": new Uint8Array(8 << 20),
    });
    expect(bomb.length).toBeLessThan(20_000);
    const limits = { maxExpandedBytes: 2 << 20, maxEntries: 100 };
    await expect(readXlsx(bomb, { zipLimits: limits })).rejects.toMatchObject({ code: "zip-too-large" });
    // The same zip claiming its sheet is 1 KiB (local header and central directory): refused all the same.
    const lying = Buffer.from(bomb);
    for (let at = lying.indexOf("PK"); at !== -1; at = lying.indexOf("PK", at + 2)) {
      if (lying.readUInt32LE(at) === 0x04034b50) lying.writeUInt32LE(1024, at + 22);
      if (lying.readUInt32LE(at) === 0x02014b50) lying.writeUInt32LE(1024, at + 24);
    }
    await expect(readXlsx(lying, { zipLimits: limits })).rejects.toMatchObject({ code: "zip-too-large" });
  });
});
