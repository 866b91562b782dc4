/**
 * What is typed, then shown, then typed again is the same value: seeded property tests over random
 * values and locales, through the one parser every typed-in-place path uses (parseCell).
 */
import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import { formatCell } from "../../shared/dataset/cellFormat.ts";
import { parseCell } from "../../shared/dataset/index.ts";
import type { ColumnType } from "../../shared/dataset/schema.ts";
import { editText } from "./format.ts";

const LOCALES = ["en-US", "en-GB", "fr-FR", "de-DE", "fr", "en", "es-ES", "nl-NL"];
const words = { yes: "yes", no: "no" };
const column = (type: ColumnType) => ({ type, choices: [] });

function randomIso(gen: prng.PRNG): string {
  const day = new Date(Date.UTC(2000, 0, 1));
  day.setUTCFullYear(prng.int32(gen, 1000, 9999), prng.int32(gen, 0, 11), prng.int32(gen, 1, 31));
  return day.toISOString().slice(0, 10);
}

describe("dates typed in place read as the reader's locale means them", () => {
  it.each([1, 2, 3])("shown then typed again gives the same date (seed %i)", (seed) => {
    const gen = prng.create(seed);
    for (let i = 0; i < 400; i++) {
      const iso = randomIso(gen);
      const locale = prng.oneOf(gen, LOCALES);
      const shown = formatCell(column("date"), iso, locale, words);
      const numeric = new Intl.DateTimeFormat(locale, { timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
      const long = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "long" }).format(
        new Date(`${iso}T00:00:00Z`),
      );
      for (const typed of [shown, numeric, long, iso]) {
        expect(parseCell(column("date"), typed, { locale }), `${locale}: ${typed}`).toEqual({ ok: true, value: iso });
      }
    }
  });

  it("reads day and month in the locale's order", () => {
    const read = (text: string, locale: string) => parseCell(column("date"), text, { locale });
    expect(read("01/05/2020", "fr-FR")).toEqual({ ok: true, value: "2020-05-01" });
    expect(read("01/05/2020", "en-GB")).toEqual({ ok: true, value: "2020-05-01" });
    expect(read("01/05/2020", "en-US")).toEqual({ ok: true, value: "2020-01-05" });
    expect(read("1.5.2020", "de-DE")).toEqual({ ok: true, value: "2020-05-01" });
    expect(read("1 May 2020", "en-GB")).toEqual({ ok: true, value: "2020-05-01" });
    expect(read("May 1, 2020", "en-US")).toEqual({ ok: true, value: "2020-05-01" });
    expect(read("1 mai 2020", "fr-FR")).toEqual({ ok: true, value: "2020-05-01" });
    expect(read("1 Févr. 2020", "fr-FR")).toEqual({ ok: true, value: "2020-02-01" });
    expect(read("2020/05/01", "en-US")).toEqual({ ok: true, value: "2020-05-01" });
  });

  it("ISO always parses, with or without a locale", () => {
    const gen = prng.create(7);
    for (let i = 0; i < 300; i++) {
      const iso = randomIso(gen);
      expect(parseCell(column("date"), iso)).toEqual({ ok: true, value: iso });
      expect(parseCell(column("date"), ` ${iso} `, { locale: prng.oneOf(gen, LOCALES) })).toEqual({
        ok: true,
        value: iso,
      });
    }
  });

  it("refuses what it cannot read", () => {
    const gen = prng.create(11);
    const alphabet = "0123456789/-. ,abcMayéz";
    const refused = ["31/02/2020", "13/13/2020", "1 Maybe 2020", "2020-05", "05/01/20", "tomorrow", "1 May", "1/5"];
    for (let i = 0; i < 500; i++) {
      let text = "";
      for (let n = prng.int32(gen, 1, 12); n > 0; n--) text += alphabet[prng.int32(gen, 0, alphabet.length - 1)];
      refused.push(text);
    }
    for (const text of refused) {
      for (const locale of LOCALES) {
        const parsed = parseCell(column("date"), text, { locale });
        // Anything accepted is a real ISO date, never a silent guess outside the calendar.
        if (parsed.ok && parsed.value !== null) expect(parsed.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    for (const text of refused.slice(0, 8)) {
      for (const locale of LOCALES) {
        expect(parseCell(column("date"), text, { locale }), `${locale}: ${text}`).toEqual({
          ok: false,
          error: "not-a-date",
        });
      }
    }
  });
});

describe("numbers typed in place read as the reader's locale writes them", () => {
  it.each([1, 2])("shown then typed again gives the same number (seed %i)", (seed) => {
    const gen = prng.create(seed);
    for (let i = 0; i < 400; i++) {
      const locale = prng.oneOf(gen, LOCALES);
      const type = prng.oneOf(gen, ["number", "latitude", "longitude"] as const);
      const bound = type === "latitude" ? 90 : type === "longitude" ? 180 : 10_000_000;
      const value = Math.round(prng.real53(gen) * 2 * bound * 1e4 - bound * 1e4) / 1e4;
      const shown = formatCell(column(type), value, locale, words);
      expect(parseCell(column(type), shown, { locale }), `${locale}: ${shown}`).toEqual({ ok: true, value });
      // What the editor opens with commits unchanged.
      const opened = editText(column(type), value, locale);
      expect(parseCell(column(type), opened, { locale }), `${locale}: ${opened}`).toEqual({ ok: true, value });
    }
  });

  it("refuses what is not a number", () => {
    for (const locale of LOCALES) {
      for (const text of ["12abc", "1,2,3.4.5", "Infinity", "--1"]) {
        expect(parseCell(column("number"), text, { locale })).toEqual({ ok: false, error: "not-a-number" });
      }
    }
  });
});
