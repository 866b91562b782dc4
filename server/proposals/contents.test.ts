/**
 * The moderators' queue reads what storage remembers of each pending proposal, not its document
 * (issue 9: 200 open proposals loaded 200 documents a request), and stays right: a contributor's
 * later edits, a live edit that makes a conflict, a partial decision, a proposal made before
 * contents were remembered.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { QueueEntry } from "../../shared/api/proposals.ts";
import { setCells } from "../../shared/dataset/index.ts";
import { cellChangeId, proposeCells } from "../../shared/proposal/index.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { serverLog } from "../test/serverLog.ts";
import {
  connectClient,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("the queue reads remembered proposal contents", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let log: ReturnType<typeof serverLog>;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    log = serverLog();
    server = await startTestServer(
      data.dir,
      { LOG_LEVEL: "debug", STORE_DEBOUNCE_MS: "20" },
      { logStream: log.stream },
    );
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.provider.destroy();
    await server.close();
    data.remove();
  });

  const proposalLog = (msg: string) =>
    log.lines().filter((l) => l.msg === msg && String(l.documentName).startsWith("proposal.")).length;
  const proposalLoads = () => proposalLog("document loaded");

  it("counts changes and conflicts without loading proposal documents, and follows edits and decisions", async () => {
    const fixture = await helpPoints(server);
    clients.push(fixture.live);
    const { dataset, live, columns, rows, moderator } = fixture;
    const created = await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} });
    const { token } = created.body as { token: string };
    const proposal = created.body.proposal as { id: string; documentName: string };
    const visitor = await connectClient(server.wsUrl, proposal.documentName, undefined, { token });
    clients.push(visitor);
    proposeCells(visitor.doc, [{ rowId: rows[0], columnId: columns.phone, value: "01 11", base: "01 00 00" }], "v");
    await whenAcknowledged(visitor);
    await call(server, "POST", `/api/proposals/${proposal.id}/submit`, {
      body: {},
      headers: { "proposal-token": token },
    });
    const queue = async () => {
      const answer = await moderator("GET", `/api/datasets/${dataset.id}/proposals`);
      expect(answer.status).toBe(200);
      return (answer.body.proposals as QueueEntry[]).map(({ number, changes, conflicts }) => ({
        number,
        changes,
        conflicts,
      }));
    };
    expect(await queue()).toEqual([{ number: 1, changes: 1, conflicts: 0 }]);

    // The contributor amends the open proposal: remembered once the server stores the document.
    proposeCells(visitor.doc, [{ rowId: rows[1], columnId: columns.phone, value: "02 22", base: "02 00 00" }], "v");
    await whenAcknowledged(visitor);
    await waitFor(async () => expect(await queue()).toEqual([{ number: 1, changes: 2, conflicts: 0 }]));
    visitor.provider.destroy();

    // A live edit after the base is a conflict (P3), counted against the live data now.
    setCells(live.doc, [{ rowId: rows[0], columnId: columns.phone, value: "01 99" }], "owner");
    await whenAcknowledged(live);
    await waitFor(async () => expect(await queue()).toEqual([{ number: 1, changes: 2, conflicts: 1 }]));

    // Once the proposal's document is unloaded, reading the queue loads it no more.
    await waitFor(() => expect(proposalLog("document unloaded")).toBe(proposalLoads()));
    const loadsBefore = proposalLoads();
    for (let i = 0; i < 3; i++) await queue();
    expect(proposalLoads()).toBe(loadsBefore);

    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, {
      accept: [cellChangeId(rows[1], columns.phone)],
      reject: [],
    });
    expect(decided.status).toBe(200);
    expect(await queue()).toEqual([{ number: 1, changes: 1, conflicts: 1 }]);
  });

  it("reads a proposal made before contents were remembered from its document once, then remembers it", async () => {
    const fixture = await helpPoints(server);
    clients.push(fixture.live);
    const { dataset, columns, rows, moderator } = fixture;
    const sent = await call(server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
      body: { cells: [{ rowId: rows[2], columnId: columns.name, base: "Station", value: "Gare" }] },
    });
    expect(sent.status).toBe(201);
    // As if it had been made before the table existed.
    const db = new Database(path.join(data.dir, "data-patch.sqlite"));
    db.exec("DELETE FROM proposal_contents");
    db.close();
    const queue = async () =>
      ((await moderator("GET", `/api/datasets/${dataset.id}/proposals`)).body.proposals as QueueEntry[])[0]?.changes;
    const loadsBefore = proposalLoads();
    expect(await queue()).toBe(1);
    await waitFor(() => expect(proposalLoads()).toBe(loadsBefore + 1));
    const loadsAfter = proposalLoads();
    expect(await queue()).toBe(1);
    expect(proposalLoads()).toBe(loadsAfter);
  });
});
