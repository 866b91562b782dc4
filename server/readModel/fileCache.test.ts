import { describe, expect, it } from "vitest";
import { snapshotFileCache } from "./fileCache.ts";

describe("snapshotFileCache", () => {
  const file = (etag: string, size: number) => ({ etag, builtAt: "t", body: Buffer.alloc(size) });

  it("gives a file back only for its version, and drops the least recently used over its budget", () => {
    const cache = snapshotFileCache({ maxBytes: 100 });
    cache.set("a", file("1", 20));
    expect(cache.get("a", "1")?.body.byteLength).toBe(20);
    expect(cache.get("a", "2")).toBeNull(); // a newer snapshot: read again
    cache.set("b", file("1", 25));
    cache.set("c", file("1", 25));
    cache.get("a", "1"); // a is now the most recently used
    cache.set("d", file("1", 25)); // 95 bytes: all kept
    cache.set("e", file("1", 25)); // over: b goes first
    expect(cache.get("b", "1")).toBeNull();
    expect(cache.get("a", "1")).not.toBeNull();
    cache.set("huge", file("1", 30)); // more than a quarter of the budget: never kept
    expect(cache.get("huge", "1")).toBeNull();
  });
});
