import { describe, expect, it } from "vitest";
import { ADDRESS_KEY, windowCounts } from "./apiLimits.ts";

describe("the /api/v1 rate limit's counts", () => {
  it("counts each key in its own window, the same address (an IPv6 /64) as one client", () => {
    const count = windowCounts();
    expect(count(`${ADDRESS_KEY}203.0.113.9`, 60_000).current).toBe(1);
    expect(count(`${ADDRESS_KEY}203.0.113.9`, 60_000).current).toBe(2);
    expect(count(`${ADDRESS_KEY}203.0.113.10`, 60_000).current).toBe(1);
    expect(count(`${ADDRESS_KEY}2001:db8:1:2::1`, 60_000).current).toBe(1);
    expect(count(`${ADDRESS_KEY}2001:db8:1:2::ffff`, 60_000).current).toBe(2);
    expect(count("token:abc", 60_000)).toMatchObject({ current: 1 });
  });

  it("starts a new window once the last one ended", async () => {
    const count = windowCounts();
    count("token:a", 20);
    expect(count("token:a", 20).current).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(count("token:a", 20).current).toBe(1);
  });

  it("forgets ended windows first, then the oldest, when it holds as many keys as it may", async () => {
    const count = windowCounts(3);
    count("token:old", 10);
    count("token:busy", 60_000);
    count("token:busy", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    count("token:b", 60_000);
    count("token:c", 60_000); // token:old's window ended: it goes, token:busy stays
    expect(count("token:busy", 60_000).current).toBe(3);
    count("token:d", 60_000); // full of live windows: the oldest key goes
    expect(count("token:busy", 60_000).current).toBe(1);
  });
});
