import { describe, expect, it } from "vitest";
import { toggledBoolean } from "./toggleBoolean.ts";

describe("toggledBoolean", () => {
  it("turns yes into no, and no or empty into yes", () => {
    expect(toggledBoolean(true)).toBe(false);
    expect(toggledBoolean(false)).toBe(true);
    expect(toggledBoolean(null)).toBe(true);
  });

  it("leaves a value that is not yes or no alone", () => {
    expect(toggledBoolean("maybe")).toBeNull();
    expect(toggledBoolean(1)).toBeNull();
  });
});
