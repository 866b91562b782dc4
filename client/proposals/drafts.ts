/**
 * Creating a contributor's proposal on the server: a new one, or the draft this browser started
 * offline, created once however many places ask at the same time (the suggestion panel, and the
 * dataset page's background sync, useDraftSync.ts).
 */
import i18next from "i18next";
import { contributorStore, type KeptProposal } from "./contributorStore.ts";
import { proposalApi } from "./proposalApi.ts";

export async function createProposal(datasetId: string): Promise<KeptProposal> {
  // The contributor's language, for the emails they may ask for.
  const language = i18next.resolvedLanguage ?? "en";
  const created = await proposalApi.create(datasetId, contributorStore.contributorToken(), { language });
  if (created.contributorToken) contributorStore.keepContributorToken(created.contributorToken);
  const { proposal, token } = created;
  return { datasetId, id: proposal.id, token, number: proposal.number, documentName: proposal.documentName };
}

const creating = new Map<string, Promise<KeptProposal>>();

/** The server's proposal for the draft kept under `localCopy`: created now if it has none yet (throws if it cannot be). */
export function draftOnServer(datasetId: string, localCopy: string): Promise<KeptProposal> {
  const kept = contributorStore.draft(datasetId);
  if (kept?.localCopy === localCopy && kept.proposal) return Promise.resolve(kept.proposal);
  let pending = creating.get(localCopy);
  if (!pending) {
    pending = createProposal(datasetId)
      .then((proposal) => {
        contributorStore.keepDraft({ datasetId, localCopy, proposal });
        return proposal;
      })
      .finally(() => creating.delete(localCopy));
    creating.set(localCopy, pending);
  }
  return pending;
}
