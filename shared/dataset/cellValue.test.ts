import { describe, expect, it } from "vitest";
import { limits } from "../limits.ts";
import { isValidCell, parseCell } from "./cellValue.ts";
import type { ColumnType } from "./schema.ts";

const parse = (type: ColumnType, input: string | number | boolean | null, choices: string[] = []) =>
  parseCell({ type, choices }, input);

describe("parseCell accepts what people type, typed, and refuses the rest with a reason", () => {
  it.each([
    ["number", "42", 42],
    ["number", " 3,5 ", 3.5],
    ["number", "1 234,5", 1234.5],
    ["number", "-1.5e3", -1500],
    ["boolean", "oui", true],
    ["boolean", "FALSE", false],
    ["date", "2026-02-28", "2026-02-28"],
    ["url", "https://exemple.fr/a?b=1", "https://exemple.fr/a?b=1"],
    ["email", "contact@exemple.fr", "contact@exemple.fr"],
    ["latitude", "47.32", 47.32],
    ["longitude", "-179.9", -179.9],
    ["text", "  keeps its spaces ", "  keeps its spaces "],
    ["number", "", null],
  ] as const)("%s %j → %j", (type, input, value) => {
    expect(parse(type, input)).toEqual({ ok: true, value });
  });

  it.each([
    ["number", "12abc", "not-a-number"],
    ["number", "Infinity", "not-a-number"],
    ["boolean", "maybe", "not-a-boolean"],
    ["date", "2026-02-30", "not-a-date"],
    ["date", "30/01/2026", "not-a-date"],
    ["url", "javascript:alert(1)", "not-a-url"],
    ["url", "exemple.fr", "not-a-url"],
    ["email", "contact@", "not-an-email"],
    ["latitude", "91", "latitude-out-of-range"],
    ["longitude", "180.5", "longitude-out-of-range"],
  ] as const)("%s %j is refused: %s", (type, input, error) => {
    expect(parse(type, input)).toEqual({ ok: false, error });
  });

  it("checks choices and length", () => {
    expect(parse("choice", "B", ["A", "B"])).toEqual({ ok: true, value: "B" });
    expect(parse("choice", "C", ["A", "B"])).toEqual({ ok: false, error: "not-a-choice" });
    expect(parse("text", "x".repeat(limits.maxCellChars + 1))).toEqual({ ok: false, error: "too-long" });
  });

  it("tells whether a stored value fits its column", () => {
    expect(isValidCell({ type: "number", choices: [] }, 3)).toBe(true);
    expect(isValidCell({ type: "number", choices: [] }, "3")).toBe(false);
    expect(isValidCell({ type: "date", choices: [] }, "2026-13-01")).toBe(false);
  });
});
