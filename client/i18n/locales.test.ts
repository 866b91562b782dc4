import { describe, expect, it } from "vitest";
import { enAccounts } from "./en.accounts.ts";
import { en } from "./en.ts";
import { frAccounts } from "./fr.accounts.ts";
import { fr } from "./fr.ts";

const PLURAL = /_(zero|one|two|few|many|other)$/;

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
  const languages = { en: keysOf({ ...en, ...enAccounts }), fr: keysOf({ ...fr, ...frAccounts }) };

  for (const [name, keys] of Object.entries(languages)) {
    for (const [otherName, other] of Object.entries(languages)) {
      if (name === otherName) continue;
      it(`every ${name} key exists in ${otherName}`, () => {
        expect([...keys.keys()].filter((k) => !other.has(k))).toEqual([]);
      });
    }
  }

  it("use the same interpolation variables in every language", () => {
    const mismatched = [...languages.en].filter(([key, texts]) => {
      const french = languages.fr.get(key);
      return french !== undefined && variables(texts).join() !== variables(french).join();
    });
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it("have no empty strings", () => {
    for (const keys of Object.values(languages)) {
      expect([...keys].filter(([, texts]) => texts.some((t) => t.trim() === "")).map(([k]) => k)).toEqual([]);
    }
  });
});
