import { describe, expect, it } from "vitest";
import { cellText, titleColumn } from "./embedMapData.ts";

const words = { yes: "Oui", no: "Non" };

describe("the column that titles a card or a map point", () => {
  const id = { id: "a", name: "bfc_id", type: "text" as const };
  const name = { id: "b", name: "nom_structure", type: "text" as const };
  const town = { id: "c", name: "Ville", type: "text" as const };
  const rows = [
    { cells: { a: "mednumBFC_TL_1_", b: "Médiathèque", c: "Dijon" } },
    { cells: { a: "mednumBFC_TL_2_", b: "France Services", c: "Saint-Claude" } },
  ];

  it("is the one whose name says it holds names, wherever it stands", () => {
    expect(titleColumn([id, town, name], rows)).toBe(name);
  });

  it("else one holding several words, not an id of one token", () => {
    const unnamed = { ...name, name: "structure" };
    expect(titleColumn([id, town, unnamed], [{ cells: { a: "x_1", b: "Espace numérique", c: "Dijon" } }])).toBe(
      unnamed,
    );
  });

  it("else the first holding letters, not digits only; else the first column", () => {
    const code = { id: "d", name: "code", type: "text" as const };
    expect(titleColumn([code, town], [{ cells: { d: "21231", c: "Dijon" } }])).toBe(town);
    const count = { id: "e", name: "Nombre de postes", type: "number" as const };
    expect(titleColumn([count, code], [{ cells: { e: 4, d: "21231" } }])).toBe(count);
  });
});

describe("a cell in an embed", () => {
  it("reads as in the app: coordinates to the metre, dates and yes/no in the page's language", () => {
    expect(cellText({ type: "longitude" }, 5.049559, words, "fr")).toBe("5,049559");
    expect(cellText({ type: "number" }, 1234.5, words, "en")).toBe("1,234.5");
    expect(cellText({ type: "date" }, "2021-03-02", words, "fr")).toBe("2 mars 2021");
    expect(cellText({ type: "boolean" }, true, words, "fr")).toBe("Oui");
    expect(cellText({ type: "text" }, undefined, words, "fr")).toBe("");
  });
});
