/**
 * The flapping soak (issue 12): 120 of the product's DatasetSessions in two worker processes edit
 * one dataset while their loopback proxies delay, stall, cut mid-message and drop their sockets;
 * once the network settles, every one of them must hold exactly the server's state (same state
 * vector, nothing pending) with nothing left unacknowledged. The same for 30 contributors, each
 * with the product's ProposalSession on a proposal of their own. Seeds that once failed stay below, by
 * name. `SOAK_SEED=<n>` replays one seed in the main test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFlapSoak, type SoakOptions } from "./flapSoak.ts";
import { draftProposals, helpPoints } from "./proposals.ts";
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

type Soak = Pick<SoakOptions, "seed" | "clients" | "flapMs"> & Partial<Pick<SoakOptions, "kind" | "proposals">>;

/** Runs a soak on `documentName` (a new dataset by default) and checks that nobody is left stuck. */
async function soak(options: Soak, documentName?: string) {
  documentName ??= (
    await createDatasetViaApi(server, {
      title: `Soak ${options.seed}`,
      columns: [{ name: "Name" }, { name: "City" }, { name: "Notes" }],
    })
  ).documentName;
  const result = await runFlapSoak({
    kind: "session",
    ...options,
    wsUrl: server.wsUrl,
    documentName,
    workers: 2,
    ratePerSecond: 1,
    // Generous for a loaded machine: it usually takes a few seconds.
    settleTimeoutMs: 60_000,
  });
  // The faults really happened.
  expect(result.proxy.cut + result.proxy.dropped + result.proxy.stalled).toBeGreaterThan(options.clients);
  expect(result.stuck.map(({ stateVector: _, ...client }) => client)).toEqual([]);
  expect(result.convergenceMs).not.toBeNull();
  return result;
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

  // Found a bug when it was written: the SyncStep2 of a contributor who had overwritten a change
  // carried several values in one item (kept by the undo manager), which P14 refused (4400); the
  // session resent it on every reconnect and its proposal never reached the server.
  it("contributors each editing their own proposal end with the server's copy of it, nothing unacknowledged", async () => {
    const { dataset, live } = await helpPoints(server);
    live.provider.destroy();
    const clients = 30;
    const proposals = await draftProposals(server, dataset.id, clients);
    const result = await soak({ seed: 7, clients, flapMs: 10_000, kind: "proposal", proposals }, dataset.documentName);
    // Every contributor's changes are in their proposal on the server (one writer per document).
    expect(result.serverClients).toBe(clients);
  }, 180_000);
});
