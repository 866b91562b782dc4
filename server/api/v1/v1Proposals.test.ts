import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../../shared/api/datasets.ts";
import type { QueueEntry, ReviewedChange } from "../../../shared/api/proposals.ts";
import type { ApiRow, ProposalFiled } from "../../../shared/api/v1.ts";
import {
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
} from "../../test/testServer.ts";
import { v1 } from "../../test/v1Client.ts";

/**
 * /api/v1 row writes by those who may only propose (docs/PROPOSALS.md P27): a contributor's token, or
 * an anonymous caller where proposals are open, files a proposal (202) instead of editing; editors
 * still edit; readers are refused. Every /api/v1 answer is checked against its route's schemas.
 */
describe("/api/v1 writes as proposals", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let owner: { cookie: string };
  let dataset: DatasetSummary;
  let ownerToken: string;
  let contributorToken: string;
  let readerToken: string;
  let name: string;
  let visitors: string;
  let rowId: string;

  const api = (p: string, options?: Parameters<typeof v1>[2]) =>
    v1(server.url, p, { ...options, headers: { origin: server.url, ...options?.headers } });
  const app = async (p: string, cookie: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${server.url}${p}`, {
      method: init.method ?? "GET",
      headers: { origin: server.url, cookie, ...(init.body ? { "content-type": "application/json" } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    expect(response.ok, `${p}: ${response.status}`).toBe(true);
    return response.json() as Promise<Record<string, unknown>>;
  };

  async function memberToken(role: "contributor" | "reader") {
    const member = await createUserSession(data.dir);
    await app(`/api/datasets/${dataset.id}/members/users/${member.user.id}`, owner.cookie, {
      method: "PUT",
      body: { role },
    });
    const created = await app("/api/account/tokens", member.cookie, {
      method: "POST",
      body: { name: `${role}'s script`, scope: "write", datasetIds: [dataset.id] },
    });
    return created.token as string;
  }

  /** The live document's rows, as the moderators' grid shows them. */
  const liveRows = async () => (await app(`/api/datasets/${dataset.id}/rows`, owner.cookie)).rows as ApiRow[];
  const queue = async () =>
    (await app(`/api/datasets/${dataset.id}/proposals?status=open`, owner.cookie)).proposals as QueueEntry[];
  /** The proposal as its contributor follows it, by the private link the 202 gave. */
  async function followed(filed: ProposalFiled) {
    expect(filed.statusUrl).toBe(`${server.url}/api/proposals/${filed.proposal.id}`);
    expect(filed.followUrl).toBe(`${server.url}/proposals/${filed.proposal.id}#${filed.token}`);
    const response = await fetch(filed.statusUrl, { headers: { "proposal-token": filed.token } });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      proposal: { status: string; number: number };
      review: { changes: ReviewedChange[] };
    };
  }

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { SNAPSHOT_DELAY_MS: "20" });
    owner = await createUserSession(data.dir);
    dataset = await createDatasetViaApi(
      server,
      { title: "Help points", columns: [{ name: "Name" }, { name: "Visitors", type: "number" }] },
      { cookie: owner.cookie, openness: "private" },
    );
    ownerToken = (
      await app("/api/account/tokens", owner.cookie, {
        method: "POST",
        body: { name: "owner's script", scope: "write", datasetIds: [dataset.id] },
      })
    ).token as string;
    contributorToken = await memberToken("contributor");
    readerToken = await memberToken("reader");
    const { columns } = (await app(`/api/datasets/${dataset.id}/rows`, owner.cookie)) as {
      columns: { id: string; name: string }[];
    };
    name = columns.find((c) => c.name === "Name")?.id as string;
    visitors = columns.find((c) => c.name === "Visitors")?.id as string;
    const seeded = await api(`/api/v1/datasets/${dataset.id}/rows`, {
      method: "POST",
      token: ownerToken,
      body: { rows: [{ cells: { [name]: "Town hall", [visitors]: 12 } }, { cells: { [name]: "Library" } }] },
    });
    expect(seeded.status).toBe(201);
    rowId = (seeded.body as { rows: ApiRow[] }).rows[0]?.id as string;
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("a contributor's update files a proposal based on the live values; the data is unchanged; moderators see it", async () => {
    const before = await liveRows();
    const sent = await api(`/api/v1/datasets/${dataset.id}/rows/${rowId}`, {
      method: "PATCH",
      token: contributorToken,
      body: { cells: { [name]: "Town hall (annex)", [visitors]: "15" } },
    });
    expect(sent.status).toBe(202);
    const filed = sent.body as ProposalFiled;
    expect(filed.proposal.status).toBe("open");
    expect(filed.token).toMatch(/^dpp_/);
    expect(filed.contributorToken).toBeNull(); // a token's account, not an anonymous contributor

    const { proposal, review } = await followed(filed);
    expect(proposal.number).toBe(filed.proposal.number);
    const cells = review.changes.filter((c) => c.kind === "cell");
    expect(cells.map((c) => [c.columnId, c.base, c.proposed]).sort()).toEqual(
      [
        [name, "Town hall", "Town hall (annex)"],
        [visitors, 12, 15], // typed like a direct write
      ].sort(),
    );
    expect(cells.every((c) => !c.conflict && c.problem === null)).toBe(true);
    expect(await liveRows()).toEqual(before);
    expect((await queue()).map((p) => p.number)).toContain(filed.proposal.number);
  });

  it("a contributor's create and delete are proposals too, and leave the rows as they were", async () => {
    const before = await liveRows();
    const created = await api(`/api/v1/datasets/${dataset.id}/rows`, {
      method: "POST",
      token: contributorToken,
      body: { rows: [{ cells: { [name]: "Post office", [visitors]: 3 } }] },
    });
    expect(created.status).toBe(202);
    const newRow = (await followed(created.body as ProposalFiled)).review.changes;
    expect(newRow).toHaveLength(1);
    expect(newRow[0]).toMatchObject({ kind: "row", placement: { at: "end" } });
    if (newRow[0]?.kind !== "row") throw new Error("not a new row");
    expect(Object.fromEntries(newRow[0].cells.map((c) => [c.columnId, c.proposed]))).toEqual({
      [name]: "Post office",
      [visitors]: 3,
    });

    const deleted = await api(`/api/v1/datasets/${dataset.id}/rows/${rowId}`, {
      method: "DELETE",
      token: contributorToken,
    });
    expect(deleted.status).toBe(202);
    const deletion = (await followed(deleted.body as ProposalFiled)).review.changes;
    expect(deletion).toMatchObject([{ kind: "delete", rowId, base: { [name]: "Town hall", [visitors]: 12 } }]);

    expect(await liveRows()).toEqual(before);
    const numbers = (await queue()).map((p) => p.number);
    for (const filed of [created.body, deleted.body] as ProposalFiled[])
      expect(numbers).toContain(filed.proposal.number);
  });

  it("an editor's token still edits directly; a reader's is refused; unknown rows and bad values answer as for editors", async () => {
    const edited = await api(`/api/v1/datasets/${dataset.id}/rows/${rowId}`, {
      method: "PATCH",
      token: ownerToken,
      body: { cells: { [visitors]: 13 } },
    });
    expect(edited.status).toBe(200);
    expect((edited.body as ApiRow).cells[visitors]).toBe(13);
    expect((await liveRows()).find((r) => r.id === rowId)?.cells[visitors]).toBe(13);

    const openBefore = (await queue()).length;
    for (const [method, path, body] of [
      ["PATCH", `/rows/${rowId}`, { cells: { [name]: "x" } }],
      ["POST", "/rows", { rows: [{ cells: { [name]: "x" } }] }],
      ["DELETE", `/rows/${rowId}`, undefined],
    ] as const) {
      const refused = await api(`/api/v1/datasets/${dataset.id}${path}`, { method, token: readerToken, body });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body).toMatchObject({ error: "forbidden" });
    }
    const badValue = await api(`/api/v1/datasets/${dataset.id}/rows/${rowId}`, {
      method: "PATCH",
      token: contributorToken,
      body: { cells: { [visitors]: "many" } },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body).toMatchObject({ error: "invalid-cells" });
    const noRow = await api(`/api/v1/datasets/${dataset.id}/rows/r_nosuchrow`, {
      method: "DELETE",
      token: contributorToken,
    });
    expect(noRow.status).toBe(404);
    expect((await queue()).length).toBe(openBefore);
  });

  it("refuses a proposal over the change-set limits with a clear error, and files nothing", async () => {
    const openBefore = (await queue()).length;
    const tooMany = await api(`/api/v1/datasets/${dataset.id}/rows`, {
      method: "POST",
      token: contributorToken,
      body: { rows: Array.from({ length: 600 }, (_, i) => ({ cells: { [name]: `Point ${i}` } })) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: "invalid-request" });
    expect((tooMany.body as { message: string }).message).toContain("at most 1000 changes");
    expect((await queue()).length).toBe(openBefore);

    // At most 20 pending proposals per account (P20): this one has 3 from the tests above.
    const pending = (await queue()).length;
    for (let i = pending; i < 20; i++) {
      const sent = await api(`/api/v1/datasets/${dataset.id}/rows/${rowId}`, {
        method: "PATCH",
        token: contributorToken,
        body: { cells: { [name]: `Guess ${i}` } },
      });
      expect(sent.status, `proposal ${i + 1}`).toBe(202);
    }
    const oneMore = await api(`/api/v1/datasets/${dataset.id}/rows/${rowId}`, {
      method: "PATCH",
      token: contributorToken,
      body: { cells: { [name]: "One more" } },
    });
    expect(oneMore.status).toBe(429);
    expect(oneMore.body).toMatchObject({ error: "too-many-proposals" });
    expect((await queue()).length).toBe(20);
  });

  it("anonymous callers propose where proposals are open, within the change-set endpoint's per-address budget (P20)", async () => {
    const open = await createDatasetViaApi(
      server,
      { title: "Repair cafés", columns: [{ name: "Name" }] },
      { cookie: owner.cookie, openness: "public-propose" },
    );
    const sent = await api(`/api/v1/datasets/${open.id}/rows`, {
      method: "POST",
      body: { rows: [{ cells: {} }] },
    });
    expect(sent.status).toBe(202);
    const filed = sent.body as ProposalFiled;
    expect(filed.contributorToken).toMatch(/^dpc_/);
    expect((await followed(filed)).proposal.status).toBe("open");

    // The budget is the change-set endpoint's: 10 an hour per address, whichever way they come.
    for (let i = 1; i < 10; i++) {
      const changeSet = await fetch(`${server.url}/api/datasets/${open.id}/change-sets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ newRows: [{ cells: {} }] }),
      });
      expect(changeSet.status, `change set ${i}`).toBe(201);
    }
    const over = await api(`/api/v1/datasets/${open.id}/rows`, { method: "POST", body: { rows: [{ cells: {} }] } });
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ error: "too-many-requests" });
  });

  it("other sites' pages may propose through the API: cross-site requests count as anonymous, even with a session cookie", async () => {
    // A server of its own: the other tests spent this address's anonymous budget.
    const own = tempDataDir();
    const partnerServer = await startTestServer(own.dir);
    const ownOwner = await createUserSession(own.dir);
    const open = await createDatasetViaApi(
      partnerServer,
      { title: "Polling stations", columns: [{ name: "Name" }] },
      { cookie: ownOwner.cookie, openness: "public-propose" },
    );
    const fromPartner = { origin: "https://partner.example", "sec-fetch-site": "cross-site" };
    const anonymous = await v1(partnerServer.url, `/api/v1/datasets/${open.id}/rows`, {
      method: "POST",
      body: { rows: [{ cells: {} }] },
      headers: fromPartner,
    });
    expect(anonymous.status).toBe(202);

    // The owner's cookie, sent along by the browser, gives a forged request no editing right.
    const forged = await v1(partnerServer.url, `/api/v1/datasets/${open.id}/rows`, {
      method: "POST",
      body: { rows: [{ cells: {} }] },
      headers: { ...fromPartner, cookie: ownOwner.cookie },
    });
    expect(forged.status).toBe(202);
    const rows = await fetch(`${partnerServer.url}/api/datasets/${open.id}/rows`, {
      headers: { cookie: ownOwner.cookie },
    });
    expect(((await rows.json()) as { rows: ApiRow[] }).rows).toEqual([]);
    await partnerServer.close();
    own.remove();
  });

  it("the OpenAPI document shows both answers of each row write: the edit and the proposal filed", async () => {
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    const rows = document.paths["/api/v1/datasets/{id}/rows"];
    const row = document.paths["/api/v1/datasets/{id}/rows/{rowId}"];
    for (const [operation, direct] of [
      [rows?.post, "201"],
      [row?.patch, "200"],
      [row?.delete, "204"],
    ] as const) {
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining([direct, "202", "403"]));
      expect(JSON.stringify(operation?.responses["202"]?.content)).toContain("ProposalFiled");
    }
  });
});
