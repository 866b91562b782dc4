import { describe, expect, it } from "vitest";
import { parseTsv, toTsv } from "./tsv.ts";

describe("TSV", () => {
  it("parses a block with a final line break", () => {
    expect(parseTsv("a\tb\n1\t2\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("parses Windows line breaks and empty cells", () => {
    expect(parseTsv("a\t\tc\r\n\tb\t\r\n")).toEqual([
      ["a", "", "c"],
      ["", "b", ""],
    ]);
  });

  it("parses quoted cells holding tabs, line breaks and quotes", () => {
    expect(parseTsv('"x\ty"\t"line 1\nline 2"\t"say ""hi"""\n')).toEqual([["x\ty", "line 1\nline 2", 'say "hi"']]);
  });

  it("reads a quote inside a cell literally", () => {
    expect(parseTsv('5" screen\tok')).toEqual([['5" screen', "ok"]]);
  });

  it("round-trips any text", () => {
    const rows = [
      ["plain", "with\ttab", 'with "quotes"'],
      ["multi\nline", "", "é à ç"],
    ];
    expect(parseTsv(toTsv(rows))).toEqual(rows);
  });

  it("gives nothing for empty text", () => {
    expect(parseTsv("")).toEqual([]);
  });
});
