import { describe, expect, it } from "vitest";
import { matchChoices } from "./matchChoices.ts";

const kinds = ["Library", "Café", "Town hall", "Repair café", "Social centre"];

describe("matchChoices", () => {
  it("keeps every choice, in order, when nothing is typed", () => {
    expect(matchChoices(kinds, "")).toEqual(kinds);
    expect(matchChoices(kinds, "  ")).toEqual(kinds);
  });

  it("ignores case and accents", () => {
    expect(matchChoices(kinds, "CAFE")).toEqual(["Café", "Repair café"]);
    expect(matchChoices(["Équipe", "Etude"], "e")).toEqual(["Équipe", "Etude"]);
  });

  it("puts choices that start with the text first, then a word start, then anything containing it", () => {
    expect(matchChoices(kinds, "c")).toEqual(["Café", "Repair café", "Social centre"]);
    expect(matchChoices(["Social centre", "Centre", "Concert"], "ce")).toEqual(["Centre", "Social centre", "Concert"]);
  });

  it("matches nothing when no choice holds the text", () => {
    expect(matchChoices(kinds, "zz")).toEqual([]);
  });
});
