/**
 * Creating a contributor's proposal on the server: a new one, or the draft this browser started
 * offline, created once however many places ask at the same time (the suggestion panel, and the
 * dataset page's background sync, useDraftSync.ts).
 */
import i18next from "i18next";
import { proposalApi } from "../../shared/api/proposals.ts";
import { callApi } from "../api.ts";
import { contributorToken } from "./capabilities.ts";
import { contributorStore, type KeptProposal } from "./contributorStore.ts";
import type { ProposalSession } from "./proposalSession.ts";

export async function createProposal(datasetId: string): Promise<KeptProposal> {
  // The contributor's language, for the emails they may ask for.
  const language = i18next.resolvedLanguage ?? "en";
  const created = await callApi(proposalApi.create, {
    params: { id: datasetId },
    body: { language },
    headers: contributorToken(contributorStore.contributorToken()),
  });
  if (created.contributorToken) contributorStore.keepContributorToken(created.contributorToken);
  const { proposal, token } = created;
  return { datasetId, id: proposal.id, token, number: proposal.number, documentName: proposal.documentName };
}

const creating = new Map<string, Promise<KeptProposal>>();

/**
 * The server's proposal for the draft whose local copy `session` holds: created now if it has none
 * yet (throws if it cannot be). Other tabs of this browser keep the same draft: a lock shared with
 * them lets the first create it, and the others find it kept with the local copy.
 */
export function draftOnServer(datasetId: string, session: ProposalSession): Promise<KeptProposal> {
  const { localCopy } = session;
  const keptHere = () => {
    const kept = contributorStore.draft(datasetId);
    return kept?.localCopy === localCopy ? kept.proposal : null;
  };
  const kept = keptHere();
  if (kept) return Promise.resolve(kept);
  let pending = creating.get(localCopy);
  if (!pending) {
    const create = async () => {
      const proposal = keptHere() ?? (await session.keptWithCopy()) ?? (await createProposal(datasetId));
      await session.keepWithCopy(proposal);
      const draft = contributorStore.draft(datasetId);
      if (!draft || draft.localCopy === localCopy) contributorStore.keepDraft({ datasetId, localCopy, proposal });
      return proposal;
    };
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    pending = (locks ? locks.request(`dataPatch.createDraft.${localCopy}`, create) : create()).finally(() =>
      creating.delete(localCopy),
    );
    creating.set(localCopy, pending);
  }
  return pending;
}
