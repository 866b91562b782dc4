/**
 * What a contributor's browser keeps, and nothing more: their contributor capability (so their
 * proposals stay theirs without an account), the draft they are writing on each dataset, and the
 * private links of the proposals they sent, to follow them.
 */
export type KeptProposal = { datasetId: string; id: string; token: string; number: number; documentName: string };

const CONTRIBUTOR_KEY = "dataPatch.contributorToken";
const draftKey = (datasetId: string) => `dataPatch.proposalDraft.${datasetId}`;
const SENT_KEY = "dataPatch.sentProposals";

function read<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null") as T | null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage refused: the proposal still works in this tab, it just cannot be continued later
  }
}

export const contributorStore = {
  contributorToken: () => read<string>(CONTRIBUTOR_KEY),
  keepContributorToken: (token: string) => write(CONTRIBUTOR_KEY, token),
  draft: (datasetId: string) => read<KeptProposal>(draftKey(datasetId)),
  keepDraft: (draft: KeptProposal) => write(draftKey(draft.datasetId), draft),
  forgetDraft: (datasetId: string) => write(draftKey(datasetId), null),
  sent: () => read<KeptProposal[]>(SENT_KEY) ?? [],
  keepSent: (proposal: KeptProposal) =>
    write(SENT_KEY, [proposal, ...contributorStore.sent().filter((p) => p.id !== proposal.id)].slice(0, 100)),
};

/** The private link to follow a proposal: whoever holds it may see and continue it. */
export const followLink = (p: Pick<KeptProposal, "id" | "token">, origin = window.location.origin) =>
  `${origin}/proposals/${p.id}#${p.token}`;
