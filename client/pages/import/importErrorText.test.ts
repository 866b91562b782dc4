import { readdirSync, readFileSync } from "node:fs";
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { importErrorCodes } from "../../../shared/api/importErrors.ts";
import { resources } from "../../i18n/index.ts";
import { reasonText } from "./importErrorText.ts";

async function inLanguage(lng: string) {
  const i18n = createInstance();
  await i18n.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i18n;
}

/** Every code the server's sources throw an ImportError with. */
function codesThrown(): string[] {
  const dir = new URL("../../../server/import/", import.meta.url);
  const codes = readdirSync(dir)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .flatMap((name) => [...readFileSync(new URL(name, dir), "utf8").matchAll(/new ImportError\(\s*"([a-z-]+)"/g)])
    .map((match) => match[1] as string);
  return [...new Set(codes)].sort();
}

describe("why a file cannot be imported, in the reader's language", () => {
  it("lists every code the server throws", () => {
    expect(codesThrown().filter((code) => !(importErrorCodes as readonly string[]).includes(code))).toEqual([]);
  });

  for (const lng of ["en", "fr", "es"]) {
    it(`has a sentence for every code in ${lng}`, async () => {
      const i18n = await inLanguage(lng);
      expect(importErrorCodes.filter((code) => !i18n.exists(`import.reasons.${code}`))).toEqual([]);
    });
  }

  it("says a reason in French with its values and its wording", async () => {
    const i18n = await inLanguage("fr");
    const say = (code: (typeof importErrorCodes)[number], params: Record<string, string | number>) =>
      reasonText(i18n.t, (key) => i18n.exists(key), { code, params });
    expect(say("empty-file", {})).toBe("Le fichier est vide.");
    expect(say("empty-file", { context: "sheet", name: "Feuil1" })).toBe("La feuille « Feuil1 » est vide.");
    expect(say("cell-too-long", { context: "line", line: 2, column: 3, length: 40000, max: 32768 })).toBe(
      "Ligne 2, colonne 3 : une cellule de 40000 caractères ; une cellule en contient au plus 32768.",
    );
    // A wording this client does not know falls back to the code's general sentence.
    expect(say("link-failed", { context: "EPROTO", code: "EPROTO" })).toBe("Le lien n’a pas pu être récupéré.");
  });

  it("gives nothing for a code this client has no sentence for, so the page shows the server's message", async () => {
    const i18n = await inLanguage("fr");
    const unknown = { code: "from-a-newer-server", params: {} } as never;
    expect(reasonText(i18n.t, (key) => i18n.exists(key), unknown)).toBeNull();
  });
});
