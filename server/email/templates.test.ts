import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emailLanguages, renderMail, roleName } from "./templates.ts";

const folders = (dir: string) =>
  readdirSync(new URL(dir, import.meta.url), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
const emailFile = (lng: string) =>
  JSON.parse(readFileSync(new URL(`../locales/${lng}/email.json`, import.meta.url), "utf8")) as object;
/** Keys, with plural forms (`_one`, `_many`…) as one: languages have different plural forms. */
const keysOf = (tree: object, prefix = ""): string[] => [
  ...new Set(
    Object.entries(tree).flatMap(([k, v]) =>
      typeof v === "string"
        ? [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, "")}`]
        : keysOf(v, `${prefix}${k}.`),
    ),
  ),
];

describe("emails", () => {
  it("exist in every language the interface has", () => {
    expect(emailLanguages.sort()).toEqual(folders("../../client/locales/"));
  });

  for (const lng of emailLanguages) {
    it(`${lng} has every English email and no other`, () => {
      expect(keysOf(emailFile(lng)).sort()).toEqual(keysOf(emailFile("en")).sort());
    });
  }

  it("fill in the names, in the recipient's language, escaped in HTML", () => {
    const mail = renderMail("invitation", "fr", {
      name: "Ana <b>",
      dataset: "Lieux",
      role: roleName("fr", "editor"),
      link: "https://example.org/invitation?t=1&u=2",
    });
    expect(mail.subject).toBe("Ana <b> vous invite sur le jeu de données « Lieux » dans Data Patch");
    expect(mail.text).toContain("en tant que éditeur");
    expect(mail.text).toContain("https://example.org/invitation?t=1&u=2");
    expect(mail.html).toContain("Ana &#60;b&#62;");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain('href="https://example.org/invitation?t=1&#38;u=2"');
  });

  it("fall back to English for a language without emails", () => {
    expect(renderMail("passwordChanged", "xx", { name: "Bo" }).subject).toBe("Your Data Patch password was changed");
  });

  it("leave the action out when there is no link", () => {
    const mail = renderMail("passwordChanged", "en", { name: "Bo" });
    expect(mail.html).not.toContain("<a ");
  });
});
