/**
 * What each pending proposal holds, remembered in storage (`proposal_contents`) whenever its
 * document is stored or read by the server, so that the moderators' queue counts changes and
 * conflicts against the live data without loading every proposal's document (issue 9: 200 open
 * proposals loaded 200 documents on each queue request).
 */
import type { Hocuspocus } from "@hocuspocus/server";
import type * as Y from "yjs";
import { type ProposalContent, readProposal } from "../../shared/proposal/index.ts";
import { PENDING_STATUSES, type ProposalRecord, type ProposalStore } from "../storage/proposalTypes.ts";
import { proposalDocument, withDocument } from "./documents.ts";

/** Reads a proposal's document and remembers what it holds. */
export async function rememberContent(proposals: ProposalStore, proposalId: string, doc: Y.Doc) {
  const content = readProposal(doc);
  await proposals.setContent(proposalId, content);
  return content;
}

/** The contents of these pending proposals of one dataset: remembered ones, the others read once from their documents. */
export async function pendingContents(
  proposals: ProposalStore,
  hocuspocus: Hocuspocus,
  datasetId: string,
  records: ProposalRecord[],
): Promise<Map<string, ProposalContent>> {
  const contents = await proposals.pendingContents(datasetId);
  for (const record of records) {
    if (!PENDING_STATUSES.includes(record.status) || contents.has(record.id)) continue;
    // A proposal made before contents were remembered.
    const content = await withDocument(hocuspocus, proposalDocument(record), (doc) =>
      rememberContent(proposals, record.id, doc),
    );
    contents.set(record.id, content);
  }
  return contents;
}
