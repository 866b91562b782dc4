/**
 * What a contributor's browser keeps, and nothing more: their contributor capability (so their
 * proposals stay theirs without an account), the draft they are writing on each dataset, and the
 * private links of the proposals they sent, to follow them.
 */
export type KeptProposal = { datasetId: string; id: string; token: string; number: number; documentName: string };
/**
 * The draft being written on a dataset: the name its local copy is kept under, and the proposal
 * once the server has it. A draft started offline has none yet: it is created on the server when
 * the connection returns, and its copy keeps its first name.
 */
export type KeptDraft = { datasetId: string; localCopy: string; proposal: KeptProposal | null };

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
  draft: (datasetId: string): KeptDraft | null => {
    const kept = read<KeptDraft | KeptProposal>(draftKey(datasetId));
    // Kept before drafts could start offline: the proposal itself, its copy under its document's name.
    if (kept && "id" in kept) return { datasetId, localCopy: kept.documentName, proposal: kept };
    return kept;
  },
  keepDraft: (draft: KeptDraft) => write(draftKey(draft.datasetId), draft),
  forgetDraft: (datasetId: string) => write(draftKey(datasetId), null),
  sent: () => read<KeptProposal[]>(SENT_KEY) ?? [],
  keepSent: (proposal: KeptProposal) =>
    write(SENT_KEY, [proposal, ...contributorStore.sent().filter((p) => p.id !== proposal.id)].slice(0, 100)),
};

/** The private link to follow a proposal: whoever holds it may see and continue it. */
export const followLink = (p: Pick<KeptProposal, "id" | "token">, origin = window.location.origin) =>
  `${origin}/proposals/${p.id}#${p.token}`;
