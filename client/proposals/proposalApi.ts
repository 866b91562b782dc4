/**
 * The proposals routes a moderator uses (docs/API.md, "Proposals"), typed with shared/api/proposals.ts.
 * Errors are AccountApiError, carrying the server's code.
 */
import type {
  DecisionsRequest,
  ProposalStatusName,
  ProposalView,
  QueueEntry,
  Review,
} from "../../shared/api/proposals.ts";
import { post, request } from "../accountApi.ts";

const enc = encodeURIComponent;

export type Decided = {
  proposal: ProposalView;
  review: Review;
  outcome: { accepted: string[]; rejected: string[]; notAccepted: string[] };
};

export const proposalApi = {
  queue: (datasetId: string, status?: ProposalStatusName) =>
    request<{ proposals: QueueEntry[] }>(
      `/api/datasets/${enc(datasetId)}/proposals${status ? `?status=${enc(status)}` : ""}`,
    ).then((r) => r.proposals),
  review: (datasetId: string, number: number) =>
    request<{ proposal: ProposalView; review: Review }>(`/api/datasets/${enc(datasetId)}/proposals/${number}`),
  decide: (datasetId: string, number: number, decisions: Partial<DecisionsRequest>) =>
    post<Decided>(`/api/datasets/${enc(datasetId)}/proposals/${number}/decisions`, decisions),
};
