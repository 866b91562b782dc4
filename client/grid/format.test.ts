import { describe, expect, it } from "vitest";
import { formatCell } from "../../shared/dataset/cellFormat.ts";
import { compareCells } from "./format.ts";

const words = { yes: "Oui", no: "Non" };

describe("formatCell", () => {
  it("formats numbers and dates in the locale", () => {
    expect(formatCell({ type: "number" }, 1234.5, "fr", words)).toBe("1\u202f234,5");
    expect(formatCell({ type: "number" }, 1234.5, "en", words)).toBe("1,234.5");
    expect(formatCell({ type: "date" }, "2026-03-31", "fr", words)).toBe("31 mars 2026");
    expect(formatCell({ type: "date" }, "2026-03-31", "en", words)).toBe("Mar 31, 2026");
  });
  it("shows values that do not fit their type as they are", () => {
    expect(formatCell({ type: "number" }, "abc", "fr", words)).toBe("abc");
    expect(formatCell({ type: "date" }, "31/03/2026", "fr", words)).toBe("31/03/2026");
    // A day that does not exist is not rolled over to the next month.
    expect(formatCell({ type: "date" }, "2026-02-30", "en", words)).toBe("2026-02-30");
  });
  it("translates booleans", () => {
    expect(formatCell({ type: "boolean" }, true, "fr", words)).toBe("Oui");
    expect(formatCell({ type: "boolean" }, null, "fr", words)).toBe("");
  });
});

describe("compareCells", () => {
  const collator = new Intl.Collator("fr");
  it("puts empty cells last and numbers in numeric order", () => {
    expect([10, null, 2, "b", "a"].sort((a, b) => compareCells(a, b, collator))).toEqual([2, 10, "a", "b", null]);
  });
});
