/**
 * The filter predicates: seeded property tests against plain oracles (a date range by day numbers,
 * a number range by arithmetic, choices by membership), and the cells that do not fit their column.
 */
import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import type { CellValue } from "../../../shared/dataset/index.ts";
import type { ColumnType } from "../../../shared/dataset/schema.ts";
import {
  type ChoicesModel,
  countCells,
  type DateRangeModel,
  emptyModel,
  type FilterModel,
  filterKind,
  includesFolded,
  isActive,
  type NumberRangeModel,
  passes,
} from "./filterModel.ts";

const column = (type: ColumnType, choices: string[] = []) => ({ type, choices });
const dateColumn = column("date");
const numberColumn = column("number");
const typeColumn = column("choice", ["Library", "Café", "Town hall"]);
const none = { empty: false, invalid: false };

function randomIso(gen: prng.PRNG): string {
  const day = new Date(Date.UTC(2000, 0, 1));
  day.setUTCFullYear(prng.int32(gen, 1000, 9999), prng.int32(gen, 0, 11), prng.int32(gen, 1, 28));
  return day.toISOString().slice(0, 10);
}
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const maybe = <T>(gen: prng.PRNG, make: () => T): T | null => (prng.bool(gen) ? make() : null);

describe("date range", () => {
  it.each([1, 2, 3])("lets through exactly the days between from and to, both included (seed %i)", (seed) => {
    const gen = prng.create(seed);
    for (let i = 0; i < 500; i++) {
      const model: DateRangeModel = {
        kind: "dateRange",
        from: maybe(gen, () => randomIso(gen)),
        to: maybe(gen, () => randomIso(gen)),
        ...none,
      };
      // Sometimes the very bounds, which are included.
      const day = prng.oneOf(gen, [randomIso(gen), model.from ?? randomIso(gen), model.to ?? randomIso(gen)]);
      // A range with neither bound sets no filter: every cell shows.
      const expected =
        (model.from === null && model.to === null) ||
        ((model.from === null || dayNumber(day) >= dayNumber(model.from)) &&
          (model.to === null || dayNumber(day) <= dayNumber(model.to)));
      expect(passes(dateColumn, model, day, "en"), `${day} in ${model.from}..${model.to}`).toBe(expected);
    }
  });

  it("never holds a value that is not a date, nor a day that does not exist; ticking invalid finds them", () => {
    const model: DateRangeModel = { kind: "dateRange", from: "0001-01-01", to: "9999-12-31", ...none };
    for (const text of ["soon", "2026-02-30", "01/05/2020", "2020"]) {
      expect(passes(dateColumn, model, text, "en"), text).toBe(false);
      expect(passes(dateColumn, { ...model, invalid: true }, text, "en"), text).toBe(true);
    }
    // Only the invalid ones: no range, invalid ticked.
    const onlyInvalid: DateRangeModel = { kind: "dateRange", from: null, to: null, empty: false, invalid: true };
    expect(passes(dateColumn, onlyInvalid, "soon", "en")).toBe(true);
    expect(passes(dateColumn, onlyInvalid, "2020-05-01", "en")).toBe(false);
    expect(passes(dateColumn, onlyInvalid, null, "en")).toBe(false);
  });
});

describe("number range", () => {
  it.each([4, 5, 6])("lets through exactly the numbers between min and max (seed %i)", (seed) => {
    const gen = prng.create(seed);
    const randomNumber = () => prng.oneOf(gen, [prng.int32(gen, -50, 50), prng.real53(gen) * 100 - 50, 0, -0]);
    for (let i = 0; i < 500; i++) {
      const model: NumberRangeModel = {
        kind: "numberRange",
        min: maybe(gen, randomNumber),
        max: maybe(gen, randomNumber),
        ...none,
      };
      const value = prng.oneOf(gen, [randomNumber(), model.min ?? 1, model.max ?? 2]);
      const expected =
        (model.min === null && model.max === null) ||
        ((model.min === null || value >= model.min) && (model.max === null || value <= model.max));
      expect(passes(numberColumn, model, value, "en"), `${value} in ${model.min}..${model.max}`).toBe(expected);
    }
  });

  it("widening a range never hides a row that was shown", () => {
    const gen = prng.create(9);
    for (let i = 0; i < 300; i++) {
      const min = prng.int32(gen, -100, 100);
      const max = min + prng.int32(gen, 0, 100);
      const narrow: NumberRangeModel = { kind: "numberRange", min, max, ...none };
      const wide: NumberRangeModel = {
        ...narrow,
        min: min - prng.int32(gen, 0, 10),
        max: max + prng.int32(gen, 0, 10),
      };
      const value = prng.int32(gen, -150, 250);
      if (passes(numberColumn, narrow, value, "en")) expect(passes(numberColumn, wide, value, "en")).toBe(true);
    }
  });

  it("text kept in a number column is outside every range, even when it reads as a number", () => {
    const model: NumberRangeModel = { kind: "numberRange", min: 10, max: 20, ...none };
    expect(passes(numberColumn, model, "12", "en")).toBe(false);
    expect(passes(numberColumn, model, "about 15", "en")).toBe(false);
    expect(passes(numberColumn, { ...model, invalid: true }, "about 15", "en")).toBe(true);
    // Latitudes use the same filter; an out-of-range latitude is invalid, not a big number.
    expect(passes(column("latitude"), { ...model, min: 0, max: 1000 }, 95, "en")).toBe(false);
  });
});

describe("choices", () => {
  it("a union of two selections lets through what either did (seeded)", () => {
    const gen = prng.create(11);
    const keys = ["Library", "Café", "Town hall"];
    const values: CellValue[] = [...keys, null, "Bar", " Café", 3];
    const pick = () => keys.filter(() => prng.bool(gen));
    for (let i = 0; i < 300; i++) {
      const a: ChoicesModel = { kind: "choices", values: pick(), empty: prng.bool(gen), invalid: prng.bool(gen) };
      const b: ChoicesModel = { kind: "choices", values: pick(), empty: prng.bool(gen), invalid: prng.bool(gen) };
      const union: ChoicesModel = {
        kind: "choices",
        values: [...new Set([...a.values, ...b.values])],
        empty: a.empty || b.empty,
        invalid: a.invalid || b.invalid,
      };
      const value = prng.oneOf(gen, values);
      const pass = (m: ChoicesModel) => (isActive(m) ? passes(typeColumn, m, value, "en") : false);
      expect(pass(union), `${value}`).toBe(pass(a) || pass(b));
    }
  });

  it("a value that is not one of the choices is found only through invalid", () => {
    const model: ChoicesModel = { kind: "choices", values: ["Library", "Café"], ...none };
    expect(passes(typeColumn, model, "Café", "en")).toBe(true);
    expect(passes(typeColumn, model, "Town hall", "en")).toBe(false);
    expect(passes(typeColumn, model, "Bar", "en")).toBe(false);
    expect(passes(typeColumn, { ...model, invalid: true }, "Bar", "en")).toBe(true);
    expect(passes(typeColumn, model, null, "en")).toBe(false);
    expect(passes(typeColumn, { ...model, empty: true }, null, "en")).toBe(true);
  });

  it("yes/no columns: true and false, and text that is neither", () => {
    const boolean = column("boolean");
    const yes: ChoicesModel = { kind: "choices", values: ["true"], ...none };
    expect(passes(boolean, yes, true, "en")).toBe(true);
    expect(passes(boolean, yes, false, "en")).toBe(false);
    // The text "true" kept in a yes/no column is not a yes: it is marked invalid in the grid too.
    expect(passes(boolean, yes, "true", "en")).toBe(false);
    expect(passes(boolean, { ...yes, invalid: true }, "maybe", "en")).toBe(true);
  });
});

describe("text contains", () => {
  it("ignores case and accents, and reads invalid cells as written", () => {
    expect(includesFolded("Café des Arts", "cafe", "fr")).toBe(true);
    expect(includesFolded("CAFÉ", "é", "fr")).toBe(true);
    expect(includesFolded("Library", "café", "en")).toBe(false);
    const url = column("url");
    const model: FilterModel = { kind: "text", contains: "example", ...none };
    expect(passes(url, model, "https://example.org", "en")).toBe(true);
    expect(passes(url, model, "www.example.org", "en")).toBe(true);
    expect(passes(url, model, "https://other.org", "en")).toBe(false);
    expect(passes(url, { kind: "text", contains: "", empty: false, invalid: true }, "www.example.org", "en")).toBe(
      true,
    );
    expect(passes(url, { kind: "text", contains: "", empty: false, invalid: true }, "https://example.org", "en")).toBe(
      false,
    );
  });
});

describe("any filter", () => {
  it.each([7, 8])("an unset model, or one left from another column type, lets every cell through (seed %i)", (seed) => {
    const gen = prng.create(seed);
    const cells: CellValue[] = [null, "", "soon", "2020-05-01", 12, true, "Café", "https://example.org"];
    const models: (FilterModel | null)[] = [
      null,
      { kind: "dateRange", from: null, to: null, ...none },
      { kind: "numberRange", min: null, max: null, ...none },
      { kind: "choices", values: [], ...none },
      { kind: "text", contains: "  ", ...none },
    ];
    for (let i = 0; i < 200; i++) {
      const type = prng.oneOf(gen, ["text", "number", "date", "choice", "boolean", "url"] as ColumnType[]);
      const value = prng.oneOf(gen, cells);
      expect(passes(column(type, ["Café"]), prng.oneOf(gen, models), value, "en")).toBe(true);
      // A set model of another kind (the column's type changed since) is ignored.
      const other: FilterModel =
        filterKind({ type }) === "dateRange"
          ? { kind: "numberRange", min: 0, max: 0, empty: true, invalid: true }
          : { kind: "dateRange", from: "2000-01-01", to: "2000-01-01", empty: true, invalid: true };
      expect(passes(column(type, ["Café"]), other, value, "en")).toBe(true);
    }
  });

  it("an empty model of each kind sets nothing", () => {
    for (const kind of ["dateRange", "numberRange", "choices", "text"] as const) {
      expect(isActive(emptyModel(kind)), kind).toBe(false);
      expect(emptyModel(kind).kind).toBe(kind);
    }
  });

  it("judges a value against the column as it is now (choices changed since)", () => {
    const model: ChoicesModel = { kind: "choices", values: ["Bar"], ...none };
    const before = column("choice", ["Library"]);
    const after = column("choice", ["Library", "Bar"]);
    expect(passes(before, model, "Bar", "en")).toBe(false);
    expect(passes(after, model, "Bar", "en")).toBe(true);
    expect(passes(before, { ...model, invalid: true }, "Bar", "en")).toBe(true);
  });

  it("counts empty, invalid and each value", () => {
    const counts = countCells(typeColumn, ["Café", "Café", null, "", "Bar", "Library", undefined]);
    expect(counts).toEqual({
      empty: 3,
      invalid: 1,
      byKey: new Map([
        ["Café", 2],
        ["Library", 1],
      ]),
    });
  });
});
