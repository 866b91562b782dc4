/**
 * The proposals routes a moderator uses (docs/API.md, "Proposals"), typed with shared/api/proposals.ts.
 * Errors are AccountApiError, carrying the server's code.
 */
import {
  type BlockedContributor,
  blockAnswerSchema,
  blockedContributorsSchema,
  type DecisionsRequest,
  type ModeratorReview,
  type ProposalComment,
  type ProposalStatusName,
  type ProposalView,
  type QueueEntry,
  type Review,
  unblockAnswerSchema,
} from "../../shared/api/proposals.ts";
import { post, request } from "../accountApi.ts";

const enc = encodeURIComponent;

export type Decided = {
  proposal: ProposalView;
  review: Review;
  outcome: { accepted: string[]; rejected: string[]; notAccepted: string[] };
};

export type CreatedProposal = { proposal: ProposalView; token: string; contributorToken?: string };

/** A contributor's capabilities, sent as headers: the proposal's private link, their own browser's. */
const capability = (token: string) => ({ "proposal-token": token });

export const proposalApi = {
  create: (
    datasetId: string,
    contributorToken: string | null,
    body: { nickname?: string; language?: string; website?: string } = {},
  ) =>
    request<CreatedProposal>(`/api/datasets/${enc(datasetId)}/proposals`, {
      method: "POST",
      body,
      headers: contributorToken ? { "contributor-token": contributorToken } : {},
    }),
  /** A whole proposal at once, created and submitted (the route third-party sites use). */
  sendChangeSet: (
    datasetId: string,
    contributorToken: string | null,
    body: { cells: { rowId: string; columnId: string; base: unknown; value: unknown }[]; language?: string },
  ) =>
    request<CreatedProposal>(`/api/datasets/${enc(datasetId)}/change-sets`, {
      method: "POST",
      body,
      headers: contributorToken ? { "contributor-token": contributorToken } : {},
    }),
  follow: (proposalId: string, token: string) =>
    request<{ proposal: ProposalView; review: Review }>(`/api/proposals/${enc(proposalId)}`, {
      headers: capability(token),
    }),
  setContact: (proposalId: string, token: string, contact: { nickname?: string | null; email?: string | null }) =>
    request<{ proposal: ProposalView }>(`/api/proposals/${enc(proposalId)}`, {
      method: "PATCH",
      body: contact,
      headers: capability(token),
    }),
  submit: (proposalId: string, token: string, message: string) =>
    request<{ proposal: ProposalView; review: Review }>(`/api/proposals/${enc(proposalId)}/submit`, {
      method: "POST",
      body: { message },
      headers: capability(token),
    }),
  /** The conversation; `token` for the contributor, none for a moderator (their session). */
  comments: (proposalId: string, token: string | null) =>
    request<{ comments: ProposalComment[] }>(`/api/proposals/${enc(proposalId)}/comments`, {
      headers: token ? capability(token) : {},
    }).then((r) => r.comments),
  comment: (proposalId: string, token: string | null, text: string) =>
    request<{ comment: ProposalComment }>(`/api/proposals/${enc(proposalId)}/comments`, {
      method: "POST",
      body: { text },
      headers: token ? capability(token) : {},
    }).then((r) => r.comment),
  withdraw: (proposalId: string, token: string) =>
    request<{ proposal: ProposalView }>(`/api/proposals/${enc(proposalId)}/withdraw`, {
      method: "POST",
      body: {},
      headers: capability(token),
    }),
  queue: (datasetId: string, status?: ProposalStatusName) =>
    request<{ proposals: QueueEntry[] }>(
      `/api/datasets/${enc(datasetId)}/proposals${status ? `?status=${enc(status)}` : ""}`,
    ).then((r) => r.proposals),
  review: (datasetId: string, number: number) =>
    request<ModeratorReview>(`/api/datasets/${enc(datasetId)}/proposals/${number}`),
  /** Blocks the proposal's contributor on the dataset and rejects their pending proposals (P23): how many. */
  block: (datasetId: string, number: number) =>
    post(`/api/datasets/${enc(datasetId)}/proposals/${number}/block`).then((r) => blockAnswerSchema.parse(r).rejected),
  /** Lifts the block made from this (or any) proposal of the contributor. */
  unblock: (datasetId: string, number: number) =>
    request(`/api/datasets/${enc(datasetId)}/proposals/${number}/block`, { method: "DELETE" }).then((r) => {
      unblockAnswerSchema.parse(r);
    }),
  blocked: (datasetId: string): Promise<BlockedContributor[]> =>
    request(`/api/datasets/${enc(datasetId)}/blocked-contributors`).then(
      (r) => blockedContributorsSchema.parse(r).blocked,
    ),
  decide: (datasetId: string, number: number, decisions: Partial<DecisionsRequest>) =>
    post<Decided>(`/api/datasets/${enc(datasetId)}/proposals/${number}/decisions`, decisions),
};
