/**
 * The flapping soak (issue 12): 120 of the product's DatasetSessions in two worker processes edit
 * one dataset while their loopback proxies delay, stall, cut mid-message and drop their sockets;
 * once the network settles, every one of them must hold exactly the server's state (same state
 * vector, nothing pending) with nothing left unacknowledged. Seeds that once failed stay below, by
 * name. `SOAK_SEED=<n>` replays one seed in the main test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFlapSoak, type SoakOptions } from "./flapSoak.ts";
import { createDatasetViaApi, startTestServer, type TestServer, tempDataDir } from "./testServer.ts";

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
});

afterAll(async () => {
  await server.close();
  data.remove();
});

async function soak(options: Pick<SoakOptions, "seed" | "clients" | "flapMs">) {
  const { documentName } = await createDatasetViaApi(server, {
    title: `Soak ${options.seed}`,
    columns: [{ name: "Name" }, { name: "City" }, { name: "Notes" }],
  });
  const result = await runFlapSoak({
    ...options,
    wsUrl: server.wsUrl,
    documentName,
    workers: 2,
    kind: "session",
    ratePerSecond: 1,
    // Generous for a loaded machine: it usually takes a few seconds.
    settleTimeoutMs: 60_000,
  });
  // The faults really happened.
  expect(result.proxy.cut + result.proxy.dropped + result.proxy.stalled).toBeGreaterThan(options.clients);
  expect(result.stuck.map(({ stateVector: _, ...client }) => client)).toEqual([]);
  expect(result.convergenceMs).not.toBeNull();
}

describe("flapping soak", () => {
  it("every client ends with the server's state and nothing unacknowledged", async () => {
    await soak({ seed: Number(process.env.SOAK_SEED ?? 12), clients: 120, flapMs: 25_000 });
  }, 180_000);

  // Failed before the fix: offline updates replayed ahead of the handshake skipped a clock lost
  // with the old socket; the server refused them (R2, 4400) and the sessions stopped, behind.
  it("regression seed 1: no update goes ahead of the handshake", async () => {
    await soak({ seed: 1, clients: 40, flapMs: 12_000 });
  }, 180_000);
});
