/**
 * Proposal documents over real connections (docs/PROPOSALS.md): two people on one proposal, an
 * offline proposal synced later, who may write, and hostile updates (crafted, oversized, chained,
 * never applicable, the yjs #687 / PR #688 inputs) refused with the proposal still readable and
 * others still served.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Review } from "../../shared/api/proposals.ts";
import { closeEvents } from "../../shared/closeEvents.ts";
import { newRowId } from "../../shared/ids.ts";
import { proposeCells, readProposal } from "../../shared/proposal/index.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { rawCollab } from "../test/rawCollab.ts";
import {
  connectClient,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("proposal documents over real connections", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.provider.destroy();
    await server.close();
    data.remove();
  });

  const newProposal = async () => {
    const fixture = await helpPoints(server);
    clients.push(fixture.live);
    const created = await call(server, "POST", `/api/datasets/${fixture.dataset.id}/proposals`, { body: {} });
    const { token, contributorToken } = created.body as { token: string; contributorToken: string };
    const proposal = created.body.proposal as { id: string; documentName: string };
    return { ...fixture, token, contributorToken, proposal };
  };
  const connect = async (name: string, token: string, doc?: Y.Doc) => {
    const client = await connectClient(server.wsUrl, name, doc, { token });
    clients.push(client);
    return client;
  };

  it("two people on one proposal, one of them offline first: both changes, seen by both (P1, P17)", async () => {
    const { proposal, token, contributorToken, rows, columns, moderator, dataset } = await newProposal();
    const offline = new Y.Doc();
    proposeCells(offline, [{ rowId: rows[1], columnId: columns.name, value: "City hall", base: "Town hall" }], "b");
    const a = await connect(proposal.documentName, token); // the private link
    const b = await connect(proposal.documentName, contributorToken, offline); // the contributor's own browser
    proposeCells(a.doc, [{ rowId: rows[0], columnId: columns.phone, value: "01 23 45", base: "01 00 00" }], "a");
    await Promise.all([whenAcknowledged(a), whenAcknowledged(b)]);
    await waitFor(() => {
      expect(readProposal(a.doc).cells).toHaveLength(2);
      expect(readProposal(b.doc).cells).toHaveLength(2);
    });
    await call(server, "POST", `/api/proposals/${proposal.id}/submit`, {
      body: {},
      headers: { "proposal-token": token },
    });
    const review = (await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body.review as Review;
    expect(review.changes.map((c) => c.kind)).toEqual(["cell", "cell"]);
  });

  it("moderators may read a proposal; strangers and wrong capabilities cannot open it (P16)", async () => {
    const { proposal, owner, contributorToken } = await newProposal();
    const moderatorCopy = await connectClient(server.wsUrl, proposal.documentName, undefined, { cookie: owner.cookie });
    clients.push(moderatorCopy);
    await expect(connectClient(server.wsUrl, proposal.documentName)).rejects.toThrow(/not-found/);
    await expect(
      connectClient(server.wsUrl, proposal.documentName, undefined, { token: "dpp_AAAAAAAAAAAAAAAA.bad" }),
    ).rejects.toThrow(/not-found/);
    // Another proposal's contributor is a stranger to this one.
    const other = await call(server, "POST", `/api/datasets/${proposal.documentName.split(".")[1]}/proposals`, {
      body: {},
    });
    const stranger = (other.body as { contributorToken: string }).contributorToken;
    expect(stranger).not.toBe(contributorToken);
    await expect(connectClient(server.wsUrl, proposal.documentName, undefined, { token: stranger })).rejects.toThrow(
      /not-found/,
    );
  });

  it("refuses hostile updates to a proposal document, which stays readable, and others stay served (P13-P15, R1, R2)", async () => {
    const { proposal, token, rows, columns, moderator, dataset } = await newProposal();
    const honest = await connect(proposal.documentName, token);
    let edits = 0;
    const honestStillServed = async () => {
      edits += 1;
      proposeCells(
        honest.doc,
        [{ rowId: rows[0], columnId: columns.phone, value: `01 00 0${edits}`, base: "01 00 00" }],
        "h",
      );
      await whenAcknowledged(honest);
    };
    /** Another copy of the proposal, for crafting updates against it. */
    const crafted = (write: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(honest.doc));
      const updates: Uint8Array[] = [];
      doc.on("update", (u: Uint8Array) => updates.push(u));
      write(doc);
      return Y.mergeUpdates(updates);
    };
    const key = `${rows[1]}:${columns.name}`;
    const other = `${rows[2]}:${columns.name}`;
    const cases: [string, Uint8Array, { code: number }][] = [
      ["a root outside the schema", crafted((d) => d.getMap("meta").set("title", "pwned")), closeEvents.invalidUpdate],
      ["a value outside the schema", crafted((d) => d.getMap("cells").set(key, "bare")), closeEvents.invalidUpdate],
      [
        "a new row placed after something that is not a row (P25)",
        crafted((d) => d.getMap("newRows").set(newRowId(), { position: "a0", after: { $ref: rows[0] } })),
        closeEvents.invalidUpdate,
      ],
      [
        "an oversized update",
        crafted((d) => d.getMap("cells").set(key, { value: "x".repeat(300 * 1024), base: null })),
        closeEvents.tooLarge,
      ],
      [
        "a chain of 2,002 overwrites",
        crafted((d) =>
          d.transact(() => {
            for (let i = 0; i < 1001; i++) {
              d.getMap("cells").set(key, { value: i, base: null });
              d.getMap("cells").set(other, { value: i, base: null });
            }
          }),
        ),
        closeEvents.tooLarge,
      ],
      [
        "an update that could never apply",
        (() => {
          const doc = new Y.Doc();
          proposeCells(doc, [{ rowId: rows[1], columnId: columns.name, value: 1, base: 0 }], "x");
          const sv = Y.encodeStateVector(doc);
          proposeCells(doc, [{ rowId: rows[1], columnId: columns.name, value: 2, base: 0 }], "x");
          return Y.encodeStateAsUpdate(doc, sv);
        })(),
        closeEvents.invalidUpdate,
      ],
      [
        "yjs PR #688's 'too many updates' (V1)",
        new Uint8Array([
          228, 156, 16, 0, 5, 255, 255, 5, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 237, 0, 0, 0, 1, 1, 0, 254, 184, 194, 233, 173,
          135, 217, 18, 0, 0, 1, 1, 255, 237, 246,
        ]),
        closeEvents.invalidUpdate,
      ],
      [
        "yjs PR #688's GC item of length 553253 (V2 bytes)",
        new Uint8Array([
          143, 1, 128, 0, 0, 0, 1, 170, 1, 0, 1, 2, 0, 0, 22, 2, 0, 229, 196, 67, 20, 231, 166, 139, 147, 174, 181, 253,
          93, 232, 38, 154, 138, 89, 0, 49, 213, 15, 18, 1, 48, 0, 0, 0,
        ]),
        closeEvents.invalidUpdate,
      ],
    ];
    for (const [what, update, expected] of cases) {
      await honestStillServed();
      const attacker = await rawCollab(server.wsUrl, proposal.documentName, token);
      attacker.send(attacker.update(update));
      const { code } = await attacker.closed;
      expect({ what, code }).toEqual({ what, code: expected.code });
    }
    await honestStillServed();
    await call(server, "POST", `/api/proposals/${proposal.id}/submit`, {
      body: {},
      headers: { "proposal-token": token },
    });
    const review = (await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body.review as Review;
    expect(review.changes).toEqual([expect.objectContaining({ proposed: `01 00 0${edits}` })]);
  });
});
