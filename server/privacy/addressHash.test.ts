import { describe, expect, it } from "vitest";
import { addressHasher } from "./addressHash.ts";

describe("address keys", () => {
  it("gives an address the same key until the salt is replaced, then a new one, and never the address", () => {
    let time = 0;
    const hash = addressHasher(1_000, () => time);
    const today = hash("203.0.113.7");
    expect(hash("203.0.113.7")).toBe(today);
    expect(hash("203.0.113.8")).not.toBe(today);
    expect(today).not.toContain("203.0.113.7");
    time = 1_000;
    const tomorrow = hash("203.0.113.7");
    expect(tomorrow).not.toBe(today);
    expect(hash("203.0.113.7")).toBe(tomorrow);
  });

  it("says since when the keys made so far still match, and until when at the latest (P23's lapsed address blocks)", () => {
    let time = 500;
    const hash = addressHasher(1_000, () => time);
    expect(hash.currentSalt()).toEqual({ since: 500, until: 1_500 });
    time = 1_400;
    hash("203.0.113.7");
    expect(hash.currentSalt()).toEqual({ since: 500, until: 1_500 });
    // Past its time, the salt is replaced at the next key: none made so far matches any more.
    time = 1_600;
    expect(hash.currentSalt().since).toBe(1_600);
    hash("203.0.113.7");
    expect(hash.currentSalt()).toEqual({ since: 1_600, until: 2_600 });
  });
});
