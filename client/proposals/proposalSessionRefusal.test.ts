/**
 * A change the server refuses on a proposal document (here P15: more changes than a proposal may
 * hold, written past the grid's writer, which would refuse it first: as changes merged from
 * another tab or another holder of the link can) stops the contributor's ProposalSession instead of resending it on every
 * reconnect, where it would be refused again forever while the panel said "offline" (issue 12, as
 * DatasetSession does for datasets).
 */
import { describe, expect, it } from "vitest";
import { draftProposals, helpPoints } from "../../server/test/proposals.ts";
import { serverForEachTest } from "../../server/test/serverForEachTest.ts";
import { waitFor } from "../../server/test/testServer.ts";
import { closeEvents } from "../../shared/closeEvents.ts";
import { proposeRows } from "../../shared/proposal/index.ts";
import { proposalLimits } from "../../shared/proposal/schema.ts";
import { DatasetSession } from "../collab/datasetSession.ts";
import { CONTRIBUTOR_ORIGIN, ProposalSession } from "./proposalSession.ts";

const env = serverForEachTest();

describe("ProposalSession refused by the server", () => {
  it("stops reconnecting and says so, with the changes kept here", async () => {
    const { dataset, live: owner } = await helpPoints(env.server);
    env.later(() => owner.provider.destroy());
    const [proposal] = await draftProposals(env.server, dataset.id, 1);
    if (!proposal) throw new Error("no proposal");
    const live = await DatasetSession.open({
      documentName: dataset.documentName,
      url: env.server.wsUrl,
      readOnly: true,
    });
    env.later(() => live.destroy());
    const kept = { datasetId: dataset.id, number: 1, ...proposal };
    const session = await ProposalSession.open(
      { datasetId: dataset.id, localCopy: proposal.documentName, proposal: kept },
      live,
      env.server.wsUrl,
    );
    env.later(() => session.destroy());
    await waitFor(() => expect(session.getState()).toMatchObject({ status: "connected", synced: true, unsynced: 0 }));

    const tooMany = Array.from({ length: proposalLimits.maxEntries + 1 }, () => ({ cells: {} }));
    // The grid's writer refuses it, and says so.
    expect(session.writer.addRows(tooMany, session.preview.view.gapAtEnd())).toEqual([]);
    expect(session.getState().overLimit).toBe(1);
    proposeRows(session.doc, tooMany, CONTRIBUTOR_ORIGIN);
    await waitFor(() => expect(session.getState().refused).toBe(closeEvents.tooLarge.reason));
    await waitFor(() => expect(session.getState().status).toBe("disconnected"));
    // Nothing will connect it again: no retry running or scheduled, none wanted.
    const socket = (session as unknown as { link: { socket: { shouldConnect: boolean; reconnectTimeout: unknown } } })
      .link.socket;
    expect(socket.shouldConnect).toBe(false);
    expect(socket.reconnectTimeout).toBeNull();
    expect(session.preview.view.rowCount).toBe(3 + tooMany.length);
    // Retry would only be refused again: it does nothing.
    session.retry();
    expect(session.getState()).toMatchObject({ status: "disconnected", refused: "too-large" });
  });
});
