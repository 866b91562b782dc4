/** What the API shows of a proposal record (docs/API.md, "Proposals"). */
import type { ProposalView } from "../../shared/api/proposals.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord } from "../storage/types.ts";
import { proposalDocument } from "./documents.ts";

/** `withEmail`: for the dataset's moderators and the proposal's own contributor only. */
export function proposalView(record: ProposalRecord, dataset: DatasetRecord, withEmail: boolean): ProposalView {
  return {
    id: record.id,
    datasetId: record.datasetId,
    number: record.number,
    status: record.status,
    nickname: record.nickname,
    ...(withEmail ? { email: record.email } : {}),
    signedIn: record.authorUserId !== null,
    message: record.message,
    decisionMessage: record.decisionMessage,
    documentName: proposalDocument(record),
    epoch: record.epoch,
    staleEpoch: record.epoch !== dataset.epoch,
    createdAt: record.createdAt,
    submittedAt: record.submittedAt,
    updatedAt: record.updatedAt,
  };
}
