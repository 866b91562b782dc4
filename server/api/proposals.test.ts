/**
 * Proposals over HTTP and real providers, against a real server on 127.0.0.1. Rules cited by
 * number are in docs/PROPOSALS.md.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { QueueEntry, Review, ReviewedChange } from "../../shared/api/proposals.ts";
import { deleteColumn, deleteRows, setCells } from "../../shared/dataset/index.ts";
import type { DatasetId } from "../../shared/ids.ts";
import { cellChangeId, deletionChangeId, proposeCells, readProposal } from "../../shared/proposal/index.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { call, helpPoints } from "../test/proposals.ts";
import {
  connectClient,
  createUserSession,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("proposals and moderation", () => {
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

  const setup = async () => {
    const fixture = await helpPoints(server);
    clients.push(fixture.live);
    return fixture;
  };
  const changeSet = (datasetId: string, body: unknown, headers: Record<string, string> = {}) =>
    // A third-party site's server: no Origin, no cookie.
    fetch(`${server.url}/api/datasets/${datasetId}/change-sets`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  const reviewOf = (body: Record<string, unknown>) => body.review as Review;
  const byId = (review: Review, id: string) => review.changes.find((c) => c.id === id) as ReviewedChange;

  it("an anonymous visitor proposes over a real provider, submits, and a moderator accepts it in one request (P1, P2, P8, P16)", async () => {
    const { dataset, view, columns, rows, moderator } = await setup();
    const created = await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, {
      body: { nickname: "Ana", email: "ana@example.test" },
    });
    expect(created.status).toBe(201);
    const { token, contributorToken } = created.body as { token: string; contributorToken: string };
    const proposal = created.body.proposal as { id: string; number: number; documentName: string; status: string };
    expect(proposal).toMatchObject({ number: 1, status: "draft" });
    expect(token).toMatch(/^dpp_/);
    expect(contributorToken).toMatch(/^dpc_/);

    // P16: the proposal's capability opens no dataset document.
    await expect(connectClient(server.wsUrl, dataset.documentName, undefined, { token })).rejects.toThrow();
    const visitor = await connectClient(server.wsUrl, proposal.documentName, undefined, { token });
    clients.push(visitor);
    proposeCells(visitor.doc, [{ rowId: rows[0], columnId: columns.phone, value: "01 23 45", base: "01 00 00" }], "me");
    await whenAcknowledged(visitor);

    const submitted = await call(server, "POST", `/api/proposals/${proposal.id}/submit`, {
      body: { message: "The library's number changed" },
      headers: { "proposal-token": token },
    });
    expect(submitted.status).toBe(200);

    const queue = await moderator("GET", `/api/datasets/${dataset.id}/proposals`);
    expect(queue.body.proposals as QueueEntry[]).toEqual([
      expect.objectContaining({
        number: 1,
        status: "open",
        nickname: "Ana",
        email: "ana@example.test",
        changes: 1,
        conflicts: 0,
      }),
    ]);
    const review = await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`);
    expect(byId(reviewOf(review.body), cellChangeId(rows[0], columns.phone))).toMatchObject({
      base: "01 00 00",
      proposed: "01 23 45",
      live: "01 00 00",
      conflict: false,
      problem: null,
      column: "Phone",
    });
    // Nobody else sees it, nor the email: a stranger gets 404 as for nothing.
    expect((await call(server, "GET", `/api/proposals/${proposal.id}`)).status).toBe(404);

    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect(decided.status).toBe(200);
    expect(decided.body.proposal).toMatchObject({ status: "accepted" });
    // Seen at once by a connected client.
    await waitFor(() => expect(view.row(rows[0])?.cells[columns.phone]).toBe("01 23 45"));
    await waitFor(() => expect(readProposal(visitor.doc).cells).toEqual([])); // decided changes leave the proposal (P11)

    // The contributor follows it by the private link.
    const followed = await call(server, "GET", `/api/proposals/${proposal.id}`, {
      headers: { "proposal-token": token },
    });
    expect(followed.body.proposal).toMatchObject({ status: "accepted", email: "ana@example.test" });
    expect(reviewOf(followed.body).decided).toEqual([
      expect.objectContaining({
        changeId: cellChangeId(rows[0], columns.phone),
        decision: "accepted",
        applied: "01 23 45",
      }),
    ]);

    // Attributed: proposal #1, by the moderator.
    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    try {
      const changes = await storage.changes.list(dataset.id as DatasetId);
      expect(changes.at(-1)).toMatchObject({
        actor: { kind: "proposal", proposalId: proposal.id, number: 1 },
        cells: [`${rows[0]}:${columns.phone}`],
      });
    } finally {
      storage.close();
    }
  });

  it("takes a JSON change set from a third-party site, with cell changes, new rows and deletions (P1, P8)", async () => {
    const { dataset, view, columns, rows, moderator } = await setup();
    const sent = await changeSet(dataset.id, {
      cells: [{ rowId: rows[1], columnId: columns.phone, base: "02 00 00", value: "02 99 99" }],
      newRows: [{ cells: { [columns.name]: "Pharmacy", [columns.open]: true } }],
      deletions: [{ rowId: rows[2], base: { [columns.name]: "Station" } }],
      message: "From the map of help points",
      nickname: "map widget",
    });
    expect(sent.status).toBe(201);
    expect(sent.body.proposal).toMatchObject({ status: "open", message: "From the map of help points" });
    expect(
      reviewOf(sent.body)
        .changes.map((c) => c.kind)
        .sort(),
    ).toEqual(["cell", "delete", "row"]);

    // A browser on another site may send one too (CORS, no credentials).
    const preflight = await fetch(`${server.url}/api/datasets/${dataset.id}/change-sets`, {
      method: "OPTIONS",
      headers: { origin: "https://map.example.org", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const fromMap = await fetch(`${server.url}/api/datasets/${dataset.id}/change-sets`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "https://map.example.org",
        "sec-fetch-site": "cross-site",
      },
      body: JSON.stringify({
        cells: [{ rowId: rows[0], columnId: columns.name, base: "Library", value: "Library (Dijon)" }],
      }),
    });
    expect(fromMap.status).toBe(201);
    expect(fromMap.headers.get("access-control-allow-origin")).toBe("*");

    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect(decided.body.proposal).toMatchObject({ status: "accepted" });
    await waitFor(() => {
      expect(view.row(rows[1])?.cells[columns.phone]).toBe("02 99 99");
      expect(view.row(rows[2])).toBeUndefined();
      expect(view.rowsInOrder().map((r) => r.cells[columns.name])).toEqual(["Library", "Town hall", "Pharmacy"]);
    });
  });

  it("flags a conflict, accepts part, then the rest with a correction (P3, P4, P9, P11)", async () => {
    const { dataset, live, view, columns, rows, moderator } = await setup();
    await changeSet(dataset.id, {
      cells: [
        { rowId: rows[0], columnId: columns.phone, base: "01 00 00", value: "01 11 11" },
        { rowId: rows[1], columnId: columns.name, base: "Town hall", value: "City hall" },
      ],
    });
    setCells(live.doc, [{ rowId: rows[0], columnId: columns.phone, value: "01 22 22" }], "owner");
    await whenAcknowledged(live);
    const phoneChange = cellChangeId(rows[0], columns.phone);
    const nameChange = cellChangeId(rows[1], columns.name);
    const review = reviewOf((await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body);
    expect(byId(review, phoneChange)).toMatchObject({
      base: "01 00 00",
      proposed: "01 11 11",
      live: "01 22 22",
      conflict: true,
    });
    expect(review.conflicts).toBe(1);

    const partly = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, {
      accept: [nameChange],
    });
    expect(partly.body.proposal).toMatchObject({ status: "partly-accepted" });
    expect(reviewOf(partly.body).changes.map((c) => c.id)).toEqual([phoneChange]); // the rest stays pending
    await waitFor(() => expect(view.row(rows[1])?.cells[columns.name]).toBe("City hall"));
    const queue = await moderator("GET", `/api/datasets/${dataset.id}/proposals?status=partly-accepted`);
    expect(queue.body.proposals).toEqual([expect.objectContaining({ number: 1, changes: 1, conflicts: 1 })]);
    expect(queue.body.counts).toMatchObject({ open: 0, "partly-accepted": 1, accepted: 0 });

    const corrected = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, {
      accept: [{ id: phoneChange, value: "01 11 12" }],
      message: "Thank you! One digit was off.",
    });
    expect(corrected.body.proposal).toMatchObject({
      status: "accepted",
      decisionMessage: "Thank you! One digit was off.",
    });
    await waitFor(() => expect(view.row(rows[0])?.cells[columns.phone]).toBe("01 11 12"));
    expect(reviewOf(corrected.body).decided.map((d) => [d.changeId, d.applied])).toEqual([
      [nameChange, "City hall"],
      [phoneChange, "01 11 12"],
    ]);
  });

  it("rejects: nothing reaches the live data (P10)", async () => {
    const { dataset, view, columns, rows, moderator } = await setup();
    await changeSet(dataset.id, {
      cells: [{ rowId: rows[0], columnId: columns.name, base: "Library", value: "spam" }],
    });
    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "reject" });
    expect(decided.body.proposal).toMatchObject({ status: "rejected" });
    expect(view.row(rows[0])?.cells[columns.name]).toBe("Library");
    const again = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect(again).toMatchObject({ status: 409, body: { error: "proposal-closed" } });
  });

  it("a row deleted live, a column deleted, a value that no longer fits: shown, not accepted as they are (P5, P6, P7)", async () => {
    const { dataset, live, view, columns, rows, moderator } = await setup();
    await changeSet(dataset.id, {
      cells: [
        { rowId: rows[1], columnId: columns.name, base: "Town hall", value: "Town hall (annex)" },
        { rowId: rows[2], columnId: columns.phone, base: "03 00 00", value: "03 33 33" },
        { rowId: rows[0], columnId: columns.open, base: true, value: "sometimes" },
      ],
      deletions: [{ rowId: rows[1], base: { [columns.name]: "Town hall" } }],
    });
    deleteRows(live.doc, [rows[1]], "owner");
    deleteColumn(live.doc, columns.phone, "owner");
    await whenAcknowledged(live);
    const ids = {
      rowGone: cellChangeId(rows[1], columns.name),
      columnGone: cellChangeId(rows[2], columns.phone),
      invalid: cellChangeId(rows[0], columns.open),
      deletion: deletionChangeId(rows[1]),
    };
    const review = reviewOf((await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body);
    expect(byId(review, ids.rowGone)).toMatchObject({ problem: "row-deleted", live: null });
    expect(byId(review, ids.columnGone)).toMatchObject({ problem: "column-deleted", column: null });
    expect(byId(review, ids.invalid)).toMatchObject({ problem: "invalid-value" });
    expect(byId(review, ids.deletion)).toMatchObject({ alreadyLive: true, live: null });

    // Asked for by id: refused whole, nothing written.
    const refused = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, {
      accept: [ids.deletion, ids.rowGone],
    });
    expect(refused).toMatchObject({ status: 409, body: { error: "change-not-acceptable" } });
    expect((refused.body.message as string).includes(ids.rowGone)).toBe(true);
    // "Accept all" takes what can be accepted and leaves the rest pending.
    const all = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect(all.body.outcome).toMatchObject({ accepted: [ids.deletion] });
    expect((all.body.outcome as { notAccepted: string[] }).notAccepted.sort()).toEqual(
      [ids.rowGone, ids.columnGone, ids.invalid].sort(),
    );
    // A correction makes the retyped value fit (P9); the others are rejected.
    const fixed = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, {
      accept: [{ id: ids.invalid, value: false }],
      reject: [ids.rowGone, ids.columnGone],
    });
    expect(fixed.body.proposal).toMatchObject({ status: "accepted" });
    await waitFor(() => expect(view.row(rows[0])?.cells[columns.open]).toBe(false));
  });

  it("a proposal on an older epoch is reviewed against the new document: row ids survive, column ids do not (P12)", async () => {
    const { dataset, columns, rows, moderator } = await setup();
    await changeSet(dataset.id, {
      cells: [{ rowId: rows[0], columnId: columns.phone, base: "01 00 00", value: "01 99 99" }],
      deletions: [{ rowId: rows[2], base: { [columns.name]: "Station" } }],
    });
    expect((await moderator("POST", `/api/datasets/${dataset.id}/repair`)).status).toBe(200);
    const { body } = await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`);
    expect(body.proposal).toMatchObject({ epoch: 0, staleEpoch: true });
    expect(byId(reviewOf(body), cellChangeId(rows[0], columns.phone))).toMatchObject({ problem: "column-deleted" });
    expect(byId(reviewOf(body), deletionChangeId(rows[2]))).toMatchObject({ problem: null, alreadyLive: false });
    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect(decided.body.outcome).toMatchObject({ accepted: [deletionChangeId(rows[2])] });
  });

  it("withdrawing closes a proposal to everyone's changes (P18)", async () => {
    const { dataset, moderator } = await setup();
    const created = await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} });
    const { token } = created.body as { token: string };
    const id = (created.body.proposal as { id: string }).id;
    const headers = { "proposal-token": token };
    expect((await call(server, "POST", `/api/proposals/${id}/withdraw`, { headers })).body.proposal).toMatchObject({
      status: "withdrawn",
    });
    expect(await call(server, "POST", `/api/proposals/${id}/submit`, { headers, body: {} })).toMatchObject({
      status: 409,
      body: { error: "proposal-closed" },
    });
    expect(
      (await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" })).status,
    ).toBe(409);
    // Email removable by the contributor, and gone for moderators too.
    const patched = await call(server, "PATCH", `/api/proposals/${id}`, { headers, body: { email: null } });
    expect(patched.body.proposal).toMatchObject({ email: null });
  });

  it("limits anonymous proposals: honeypot, per address per hour, changes per proposal, cell size, pending per contributor (P20)", async () => {
    const { dataset, columns, rows } = await setup();
    const honeypot = await changeSet(dataset.id, {
      cells: [{ rowId: rows[0], columnId: columns.name, base: null, value: "x" }],
      website: "http://spam.example",
    });
    expect(honeypot).toMatchObject({ status: 400, body: { error: "honeypot" } });

    const tooMany = await changeSet(dataset.id, {
      cells: Array.from({ length: 1001 }, () => ({ rowId: rows[0], columnId: columns.name, base: null, value: "x" })),
    });
    expect(tooMany).toMatchObject({ status: 400, body: { error: "invalid-request" } });
    const tooLong = await changeSet(dataset.id, {
      cells: [{ rowId: rows[0], columnId: columns.name, base: null, value: "x".repeat(40_000) }],
    });
    expect(tooLong).toMatchObject({ status: 400, body: { error: "invalid-request" } });

    // 10 an hour from one address (refused requests above took none); the 11th waits.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} })).status);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);

    // Signed in, no hourly limit, but at most 20 pending proposals each.
    const person = await createUserSession(server.dataDir);
    const made: number[] = [];
    for (let i = 0; i < 21; i++)
      made.push(
        (
          await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, {
            body: {},
            headers: { cookie: person.cookie },
          })
        ).status,
      );
    expect(made.slice(0, 20).every((s) => s === 201)).toBe(true);
    const last = await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, {
      body: {},
      headers: { cookie: person.cookie },
    });
    expect(last).toMatchObject({ status: 429, body: { error: "too-many-proposals" } });
  });

  it("only moderators see the queue; a dataset that takes no proposals takes none (P17)", async () => {
    const { dataset, owner } = await setup();
    expect((await call(server, "GET", `/api/datasets/${dataset.id}/proposals`)).status).toBe(403);
    const closed = await call(server, "PATCH", `/api/datasets/${dataset.id}/settings`, {
      body: { openness: "public-read" },
      headers: { cookie: owner.cookie },
    });
    expect(closed.status).toBe(200);
    const refused = await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} });
    expect(refused).toMatchObject({ status: 403, body: { error: "forbidden" } });
  });
});
