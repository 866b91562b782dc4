/**
 * Changes that could not be saved because editing closed, sent instead as a proposal (issue 12):
 * each changed value with the live value it would replace, through the change-set route, kept in
 * this browser's list of sent proposals to follow it.
 */
import i18next from "i18next";
import { proposalApi } from "../../shared/api/proposals.ts";
import type { DatasetView } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { callApi } from "../api.ts";
import type { UnsavedCell } from "../collab/unsavedChanges.ts";
import { contributorToken } from "./capabilities.ts";
import { contributorStore, type KeptProposal } from "./contributorStore.ts";

/** The changed values a proposal can carry (rows deleted, restored or moved are left to the copy). */
export const proposableCells = (cells: UnsavedCell[], live: DatasetView) =>
  cells.filter((c) => c.kind === "value" && c.value !== undefined && live.row(c.rowId) !== undefined);

export async function sendUnsavedAsProposal(
  datasetId: string,
  cells: UnsavedCell[],
  live: DatasetView,
): Promise<KeptProposal> {
  const changes = proposableCells(cells, live).map((c) => ({
    rowId: c.rowId,
    columnId: c.columnId,
    base: live.row(c.rowId as RowId)?.cells[c.columnId as ColumnId] ?? null,
    value: c.value ?? null,
  }));
  const sent = await callApi(proposalApi.sendChangeSet, {
    params: { id: datasetId },
    body: { cells: changes, language: i18next.resolvedLanguage ?? "en" },
    headers: contributorToken(contributorStore.contributorToken()),
  });
  if (sent.contributorToken) contributorStore.keepContributorToken(sent.contributorToken);
  const kept = {
    datasetId,
    id: sent.proposal.id,
    token: sent.token,
    number: sent.proposal.number,
    documentName: sent.proposal.documentName,
  };
  contributorStore.keepSent(kept);
  return kept;
}
