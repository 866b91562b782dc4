/**
 * Behind reverse proxies (TRUST_PROXY), anonymous budgets count the address the proxy forwards;
 * without it, or from anyone but a trusted proxy, a forged X-Forwarded-For changes nothing.
 */
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { PROPOSAL_LIMITS } from "../proposals/abuse.ts";
import {
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
} from "../test/testServer.ts";
import { clientAddressOf, proxyTrust } from "./clientAddress.ts";

const ANONYMOUS_CHANGE_SETS_PER_HOUR = PROPOSAL_LIMITS.anonymousPerHour;

const started: { server: TestServer; data: ReturnType<typeof tempDataDir> }[] = [];
afterEach(async () => {
  for (const { server, data } of started.splice(0)) {
    await server.close();
    data.remove();
  }
});

async function openDataset(env: Record<string, string>) {
  const data = tempDataDir();
  const server = await startTestServer(data.dir, env);
  started.push({ server, data });
  const owner = await createUserSession(data.dir);
  const dataset = await createDatasetViaApi(
    server,
    { title: "Repair cafés", columns: [{ name: "Name" }] },
    { cookie: owner.cookie, openness: "public-propose" },
  );
  const propose = async (forwardedFor: string) =>
    (
      await fetch(`${server.url}/api/datasets/${dataset.id}/change-sets`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ newRows: [{ cells: {} }] }),
      })
    ).status;
  return propose;
}

describe("client addresses behind a reverse proxy", () => {
  it("without TRUST_PROXY, a visitor cannot get a fresh budget by sending X-Forwarded-For", async () => {
    const propose = await openDataset({});
    for (let i = 0; i < ANONYMOUS_CHANGE_SETS_PER_HOUR; i++) expect(await propose("203.0.113.5")).toBe(201);
    expect(await propose("198.51.100.7")).toBe(429);
  });

  it("with the proxy trusted, each visitor it forwards has a budget of their own", async () => {
    const propose = await openDataset({ TRUST_PROXY: "loopback" });
    for (let i = 0; i < ANONYMOUS_CHANGE_SETS_PER_HOUR; i++) expect(await propose("203.0.113.5")).toBe(201);
    expect(await propose("203.0.113.5")).toBe(429);
    expect(await propose("198.51.100.7")).toBe(201);
  });

  it("believes only the hops added by trusted proxies: an address the visitor wrote in is skipped", () => {
    const request = (forwardedFor: string) =>
      ({
        headers: { "x-forwarded-for": forwardedFor },
        socket: { remoteAddress: "127.0.0.1" },
      }) as unknown as IncomingMessage;
    const behindOne = proxyTrust(["loopback"]);
    // The visitor sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the address it saw.
    expect(clientAddressOf(request("192.0.2.1, 203.0.113.5"), behindOne)).toBe("203.0.113.5");
    const behindTwo = proxyTrust(["loopback", "10.0.0.0/8"]);
    expect(clientAddressOf(request("192.0.2.1, 203.0.113.5, 10.1.2.3"), behindTwo)).toBe("203.0.113.5");
    expect(clientAddressOf(request("203.0.113.5"), null)).toBe("127.0.0.1");
  });

  it("refuses a TRUST_PROXY it cannot read, naming it", () => {
    expect(() => loadConfig({ TRUST_PROXY: "loopback, not-an-address" })).toThrow(
      /^invalid configuration: TRUST_PROXY/,
    );
    expect(loadConfig({ TRUST_PROXY: " loopback , 10.0.0.0/8 " }).trustProxy).toEqual(["loopback", "10.0.0.0/8"]);
  });
});
