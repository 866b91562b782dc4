/**
 * An accepted new row lands where it was proposed (docs/PROPOSALS.md P25), over a real provider
 * connection to a real server, while the live rows move meanwhile: a row inserted next to the
 * anchor, the neighbour deleted, a proposal that recorded no place.
 */
import { describe, expect, it } from "vitest";
import type { Review, ReviewedChange, RowPlacement } from "../../shared/api/proposals.ts";
import { deleteRows, insertRows, positionsBetween } from "../../shared/dataset/index.ts";
import { newRowId, type RowId } from "../../shared/ids.ts";
import { newRowChangeId, proposeRows } from "../../shared/proposal/index.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import { connectClient, waitFor, whenAcknowledged } from "../test/testServer.ts";

describe("where accepted new rows land (P25)", () => {
  const run = serverForEachTest();

  const setup = async () => {
    const fixture = await helpPoints(run.server);
    run.later(() => fixture.live.provider.destroy());
    return fixture;
  };
  const placementOf = (review: Review, rowId: RowId) =>
    (review.changes.find((c) => c.id === newRowChangeId(rowId)) as Extract<ReviewedChange, { kind: "row" }>).placement;

  it("P25: after the row it followed, wherever it is now; at its key if that row is gone; at the end if it recorded nothing", async () => {
    const { dataset, live, view, columns, rows, moderator } = await setup();
    const [library, townHall, station] = rows;
    const created = await call(run.server, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} });
    const { token } = created.body as { token: string };
    const proposal = created.body.proposal as { id: string; documentName: string };
    const visitor = await connectClient(run.server.wsUrl, proposal.documentName, undefined, { token });
    run.later(() => visitor.provider.destroy());

    // What the contributor's grid records (client/proposals/proposalWriter.ts), as the rows were then.
    const between = (a: RowId | null, b: RowId | null) =>
      positionsBetween(a && (view.row(a)?.position ?? null), b && (view.row(b)?.position ?? null), 1)[0] as string;
    const [pharmacy, school, market, bakery, kiosk] = [newRowId(), newRowId(), newRowId(), newRowId(), newRowId()];
    proposeRows(
      visitor.doc,
      [
        { id: pharmacy, position: between(library, townHall), after: library, cells: { [columns.name]: "Pharmacy" } },
        { id: school, position: between(library, townHall), after: pharmacy, cells: { [columns.name]: "School" } },
        { id: market, position: between(null, library), after: null, cells: { [columns.name]: "Market" } },
        { id: bakery, position: between(townHall, station), after: townHall, cells: { [columns.name]: "Bakery" } },
        // A proposal made before P25, or a change set without a place: no position, no anchor.
        { id: kiosk, cells: { [columns.name]: "Kiosk" } },
      ],
      "visitor",
    );
    await whenAcknowledged(visitor);
    await call(run.server, "POST", `/api/proposals/${proposal.id}/submit`, {
      body: {},
      headers: { "proposal-token": token },
    });

    // Meanwhile, live: a row inserted right after the anchor, and the bakery's anchor deleted.
    insertRows(live.doc, [{ cells: { [columns.name]: "Café" } }], view.gapAfter(library), "owner");
    deleteRows(live.doc, [townHall], "owner");
    await whenAcknowledged(live);
    await waitFor(async () => {
      const review = (await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body.review as Review;
      expect(placementOf(review, bakery)).toMatchObject({ at: "after", rowLabel: "Café", rowNumber: 2 });
    });

    const review = (await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body.review as Review;
    const library1: RowPlacement = { at: "after", rowId: library, rowNumber: 1, rowLabel: "Library" };
    expect(placementOf(review, pharmacy)).toEqual(library1);
    expect(placementOf(review, school)).toEqual(library1); // after the pharmacy, itself after the library
    expect(placementOf(review, market)).toEqual({ at: "start" });
    expect(placementOf(review, kiosk)).toEqual({ at: "end" });

    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect(decided.status).toBe(200);
    await waitFor(() =>
      expect(view.rowsInOrder().map((r) => r.cells[columns.name])).toEqual([
        "Market",
        "Library",
        "Pharmacy",
        "School",
        "Café",
        "Bakery",
        "Station",
        "Kiosk",
      ]),
    );
  });

  it("P25: a row accepted alone, after a proposed row still pending, lands at its key; the other then before it", async () => {
    const { dataset, view, columns, rows, moderator } = await setup();
    const [library, townHall] = rows;
    const created = await call(run.server, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} });
    const { token } = created.body as { token: string };
    const proposal = created.body.proposal as { id: string; documentName: string };
    const visitor = await connectClient(run.server.wsUrl, proposal.documentName, undefined, { token });
    run.later(() => visitor.provider.destroy());
    const [k1, k2] = positionsBetween(view.row(library)?.position ?? null, view.row(townHall)?.position ?? null, 2);
    const [pharmacy, school] = [newRowId(), newRowId()];
    proposeRows(
      visitor.doc,
      [
        { id: pharmacy, position: k1 as string, after: library, cells: { [columns.name]: "Pharmacy" } },
        { id: school, position: k2 as string, after: pharmacy, cells: { [columns.name]: "School" } },
      ],
      "visitor",
    );
    await whenAcknowledged(visitor);
    await call(run.server, "POST", `/api/proposals/${proposal.id}/submit`, {
      body: {},
      headers: { "proposal-token": token },
    });
    const names = () => view.rowsInOrder().map((r) => r.cells[columns.name]);
    const decide = (body: unknown) => moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, body);

    expect((await decide({ accept: [newRowChangeId(school)], reject: [] })).status).toBe(200);
    await waitFor(() => expect(names()).toEqual(["Library", "School", "Town hall", "Station"]));
    expect((await decide({ accept: [newRowChangeId(pharmacy)], reject: [] })).status).toBe(200);
    await waitFor(() => expect(names()).toEqual(["Library", "Pharmacy", "School", "Town hall", "Station"]));
  });

  it("P25: a change set places rows after a live row; its place must be a row id; one not live lands at the end", async () => {
    const { dataset, view, columns, rows, moderator } = await setup();
    for (const after of ["../../etc", 7, { id: "x" }, "x".repeat(65)]) {
      const sent = await call(run.server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
        body: { newRows: [{ cells: { [columns.name]: "Spam" }, after }] },
      });
      expect({ after, status: sent.status }).toEqual({ after, status: 400 });
    }
    const sent = await call(run.server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
      body: {
        newRows: [
          { cells: { [columns.name]: "Pharmacy" }, after: rows[0] },
          { cells: { [columns.name]: "Kiosk" }, after: newRowId() },
        ],
      },
    });
    expect(sent.status).toBe(201);
    const placements = (sent.body.review as Review).changes.map(
      (c) => (c as Extract<ReviewedChange, { kind: "row" }>).placement,
    );
    expect(placements).toContainEqual({ at: "end" });
    expect(placements).toContainEqual({ at: "after", rowId: rows[0], rowNumber: 1, rowLabel: "Library" });
    // The refused ones left nothing behind: this is proposal #1.
    expect(sent.body.proposal).toMatchObject({ number: 1 });
    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect(decided.status).toBe(200);
    await waitFor(() =>
      expect(view.rowsInOrder().map((r) => r.cells[columns.name])).toEqual([
        "Library",
        "Pharmacy",
        "Town hall",
        "Station",
        "Kiosk",
      ]),
    );
  });
});
