/** Active filters in words, in English, French and Spanish, from the real translation files. */
import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { resources } from "../../i18n/index.ts";
import { describeFilter } from "./describeFilter.ts";
import type { ChoicesModel } from "./filterModel.ts";

const none = { empty: false, invalid: false };
const opening = { name: "Opening date", type: "date" as const, choices: [] };
const seats = { name: "Seats", type: "number" as const, choices: [] };
const kind = { name: "Type", type: "choice" as const, choices: ["Library", "Café", "Town hall"] };
const saturday = { name: "Open on Saturday", type: "boolean" as const, choices: [] };
const name = { name: "Name", type: "text" as const, choices: [] };

const translators: Record<string, TFunction> = {};
beforeAll(async () => {
  for (const lng of ["en", "fr", "es"]) {
    const instance = i18next.createInstance();
    await instance.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false } });
    translators[lng] = instance.t;
  }
});

function say(
  lng: "en" | "fr" | "es",
  column: Parameters<typeof describeFilter>[0],
  model: Parameters<typeof describeFilter>[1],
) {
  const t = translators[lng] as TFunction;
  const locale = { en: "en-GB", fr: "fr-FR", es: "es-ES" }[lng];
  return describeFilter(column, model, t, locale, { yes: t("values.yes"), no: t("values.no") });
}

describe("a filter in words", () => {
  it("date ranges, one or both ends", () => {
    const may = { kind: "dateRange", from: "2020-05-01", to: "2020-05-31", ...none } as const;
    expect(say("en", opening, may)).toBe("Opening date from 1 May 2020 to 31 May 2020");
    expect(say("fr", opening, may)).toBe("Opening date du 1 mai 2020 au 31 mai 2020");
    expect(say("es", opening, may)).toBe("Opening date del 1 may 2020 al 31 may 2020");
    expect(say("en", opening, { ...may, to: null })).toBe("Opening date from 1 May 2020");
    expect(say("en", opening, { ...may, from: null })).toBe("Opening date until 31 May 2020");
    expect(say("en", opening, { ...may, invalid: true, empty: true })).toBe(
      "Opening date from 1 May 2020 to 31 May 2020, is empty or is not a date",
    );
    expect(say("fr", opening, { ...may, from: null, to: null, invalid: true })).toBe("Opening date n’est pas une date");
  });

  it("number ranges in the locale's digits", () => {
    const model = { kind: "numberRange", min: 1500, max: 2500.5, ...none } as const;
    expect(say("en", seats, model)).toBe("Seats from 1,500 to 2,500.5");
    expect(say("fr", seats, model)).toBe("Seats de 1\u202f500 à 2\u202f500,5");
    expect(say("en", seats, { ...model, max: null })).toBe("Seats at least 1,500");
    expect(say("fr", seats, { ...model, min: null })).toBe("Seats au plus 2\u202f500,5");
  });

  it("choices joined by the language's own or", () => {
    const model: ChoicesModel = { kind: "choices", values: ["Library", "Café"], ...none };
    expect(say("en", kind, model)).toBe("Type is Library or Café");
    expect(say("fr", kind, model)).toBe("Type est Library ou Café");
    expect(say("es", kind, model)).toBe("Type es Library o Café");
    expect(say("en", kind, { ...model, values: ["Library", "Café", "Town hall"], empty: true })).toBe(
      "Type is Library, Café, Town hall or empty",
    );
    expect(say("en", saturday, { kind: "choices", values: ["true"], ...none })).toBe("Open on Saturday is Yes");
    expect(say("fr", saturday, { kind: "choices", values: ["false"], ...none })).toBe("Open on Saturday est Non");
    expect(say("en", kind, { kind: "choices", values: [], empty: false, invalid: true })).toBe(
      "Type is not one of the choices",
    );
  });

  it("text contains, and nothing for a filter that is not set or no longer fits the column", () => {
    expect(say("en", name, { kind: "text", contains: " café ", ...none })).toBe("Name contains “café”");
    expect(say("fr", name, { kind: "text", contains: "café", ...none })).toBe("Name contient « café »");
    expect(say("en", name, { kind: "text", contains: "", ...none })).toBeNull();
    expect(say("en", name, null)).toBeNull();
    expect(say("en", seats, { kind: "text", contains: "x", ...none })).toBeNull();
  });
});
