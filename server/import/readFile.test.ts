import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readFile } from "./readFile.ts";
import { dataFile } from "./testing/data.ts";

describe("readFile", () => {
  it("finds the format in the content", async () => {
    expect((await readFile(dataFile("places/france-services-2022.csv"))).format).toBe("csv");
    expect((await readFile(dataFile("places/conseillers-numeriques-2022.json"))).format).toBe("json");
    expect((await readFile(dataFile("xlsx/sheetjs-test_files/merge_cells.xlsx"), { fileName: "x.csv" })).format).toBe(
      "xlsx",
    );
  });

  const workbook = dataFile("xlsx/sheetjs-test_files/merge_cells.xlsx");
  it.each([
    ["an empty file", Buffer.alloc(0), "data.csv", "empty-file"],
    ["a truncated workbook", workbook.subarray(0, 3000), "data.xlsx", "not-a-workbook"],
    ["a CSV named .xlsx", Buffer.from("a,b\n1,2\n"), "data.xlsx", "not-a-workbook"],
    ["text named .json", Buffer.from("a,b\n1,2\n"), "data.json", "bad-json"],
    ["an old .xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "data.xls", "old-excel"],
    ["binary garbage", Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131) % 256)), "data.csv", "not-text"],
    ["a zip that is not a workbook", zipSync({ "a.txt": strToU8("hi") }), "data.zip", "not-a-workbook"],
  ])("%s is refused with a clear error", async (_, bytes, fileName, code) => {
    const error = await readFile(bytes, { fileName }).catch((e: Error) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(/^[A-Z].+\.$/);
  });
});
