import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCell } from "../../shared/dataset/cellValue.ts";
import { gridLocales } from "../grid/gridLocale.ts";
import { languages, resources } from "./index.ts";

const PLURAL = /_(zero|one|two|few|many|other)$/;
const localesDir = new URL("../locales/", import.meta.url);

/** Flattens nested strings to "a.b.c" keys, plural forms folded into one key. */
function keysOf(tree: object, prefix = ""): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") {
      const base = path.replace(PLURAL, "");
      out.set(base, [...(out.get(base) ?? []), value]);
    } else for (const [k, v] of keysOf(value as object, path)) out.set(k, [...(out.get(k) ?? []), ...v]);
  }
  return out;
}

const variables = (texts: string[]) =>
  [...new Set(texts.flatMap((t) => [...t.matchAll(/{{(\w+)}}/g)].map((m) => m[1])))].sort();

describe("translations", () => {
  const keys = Object.fromEntries(Object.entries(resources).map(([lng, r]) => [lng, keysOf(r.translation)]));
  const english = keys.en ?? new Map<string, string[]>();

  it("are discovered from the folders of client/locales", () => {
    const folders = readdirSync(localesDir, { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(languages.map((l) => l.code).sort()).toEqual(folders.map((f) => f.name).sort());
    expect(languages.map((l) => l.code)).toEqual(expect.arrayContaining(["en", "fr", "es"]));
  });

  for (const [name, own] of Object.entries(keys)) {
    if (name === "en") continue;
    it(`${name} has every English key, and no other`, () => {
      expect([...english.keys()].filter((k) => !own.has(k))).toEqual([]);
      expect([...own.keys()].filter((k) => !english.has(k))).toEqual([]);
    });

    it(`${name} uses the same interpolation variables as English`, () => {
      const mismatched = [...english].filter(([key, texts]) => {
        const translated = own.get(key);
        return translated !== undefined && variables(texts).join() !== variables(translated).join();
      });
      expect(mismatched.map(([key]) => key)).toEqual([]);
    });

    it(`${name} has the grid's own words from AG Grid's translations`, () => {
      expect(gridLocales[name]).toBeDefined();
    });
  }

  it("show yes and no in words that read back as yes and no when typed or pasted", () => {
    const column = { type: "boolean" as const, choices: [] };
    for (const { translation } of Object.values(resources)) {
      expect([translation.values.yes, translation.values.no].map((w) => parseCell(column, w))).toEqual([
        { ok: true, value: true },
        { ok: true, value: false },
      ]);
    }
  });

  it("have no empty strings", () => {
    for (const own of Object.values(keys)) {
      expect([...own].filter(([, texts]) => texts.some((t) => t.trim() === "")).map(([k]) => k)).toEqual([]);
    }
  });
});
