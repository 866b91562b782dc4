/** A proposal as the API shows it: its record and its review against the live data now. */
import type { Hocuspocus } from "@hocuspocus/server";
import type { Review } from "../../shared/api/proposals.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { rememberContent } from "./contents.ts";
import { withProposalAndLive } from "./documents.ts";
import { reviewChanges } from "./review.ts";
import { proposalView } from "./views.ts";

export async function proposalWithReview(
  storage: Storage,
  hocuspocus: Hocuspocus,
  dataset: DatasetRecord,
  proposal: ProposalRecord,
  withEmail: boolean,
) {
  const changes = await withProposalAndLive(hocuspocus, dataset, proposal, async (doc, live) =>
    reviewChanges(await rememberContent(storage.proposals, proposal.id, doc), live),
  );
  const decided = (await storage.proposals.decisions(proposal.id)).map(
    ({ changeId, decision, proposed, applied, at }) => ({ changeId, decision, proposed, applied, at }),
  );
  const review: Review = { changes, conflicts: changes.filter((c) => c.conflict).length, decided };
  return { proposal: proposalView(proposal, dataset, withEmail), review };
}
