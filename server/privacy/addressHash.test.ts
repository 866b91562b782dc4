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
});
