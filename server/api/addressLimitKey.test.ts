import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { addressLimitKey } from "./addressLimitKey.ts";

describe("rate-limit keys of client addresses", () => {
  const app = Fastify();
  app.get("/key", async (request) => addressLimitKey("address")(request));
  afterAll(() => app.close());
  const keyFrom = async (remoteAddress: string) => (await app.inject({ url: "/key", remoteAddress })).body;

  it("hold a salted hash of the address, never the address", async () => {
    const key = await keyFrom("203.0.113.7");
    expect(key).toMatch(/^address:[\w-]{22}$/);
    expect(key).not.toContain("203.0.113");
    expect(await keyFrom("203.0.113.7")).toBe(key);
    expect(await keyFrom("203.0.113.8")).not.toBe(key);
  });

  it("count an IPv6 host by its /64 and an IPv4-mapped address as the IPv4 one", async () => {
    const key = await keyFrom("2001:db8:1:2::1");
    expect(await keyFrom("2001:db8:1:2:ffff::9")).toBe(key);
    expect(await keyFrom("2001:db8:1:3::1")).not.toBe(key);
    expect(key).not.toContain("2001:db8");
    expect(await keyFrom("::ffff:203.0.113.7")).toBe(await keyFrom("203.0.113.7"));
  });
});
