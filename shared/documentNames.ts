/**
 * The grammar of collaboration document names, the only names the server accepts:
 *
 *   dataset.<datasetId>.<epoch>        the canonical document of a dataset
 *   proposal.<datasetId>.<proposalId>  a proposal: only its changes to the dataset (shared/proposal/)
 *
 * The epoch grows each time a dataset is reset or replaced on the server, so that a client's
 * old local copy (IndexedDB) of the previous epoch can never be merged back into the new document.
 * A proposal's name carries no epoch: the epoch it was made on is stored with it on the server.
 */
import { type DatasetId, isDatasetId, isProposalId, type ProposalId } from "./ids.ts";

export type DocumentName = { kind: "dataset"; datasetId: DatasetId; epoch: number };
export type ProposalDocumentName = { kind: "proposal"; datasetId: DatasetId; proposalId: ProposalId };
export type AnyDocumentName = DocumentName | ProposalDocumentName;

const DATASET = /^dataset\.([0-9A-Za-z]{12})\.(0|[1-9][0-9]{0,8})$/;
const PROPOSAL = /^proposal\.([0-9A-Za-z]{12})\.([0-9A-Za-z]{16})$/;

export function datasetDocumentName(datasetId: DatasetId, epoch: number): string {
  return `dataset.${datasetId}.${epoch}`;
}

export function proposalDocumentName(datasetId: DatasetId, proposalId: ProposalId): string {
  return `proposal.${datasetId}.${proposalId}`;
}

/** A canonical dataset document's name; null for any other name. */
export function parseDocumentName(name: string): DocumentName | null {
  const match = DATASET.exec(name);
  if (!match) return null;
  const [, id, epoch] = match as unknown as [string, string, string];
  if (!isDatasetId(id)) return null;
  return { kind: "dataset", datasetId: id, epoch: Number(epoch) };
}

/** Any name of the grammar (dataset or proposal); null outside it. */
export function parseAnyDocumentName(name: string): AnyDocumentName | null {
  const dataset = parseDocumentName(name);
  if (dataset) return dataset;
  const match = PROPOSAL.exec(name);
  if (!match) return null;
  const [, datasetId, proposalId] = match as unknown as [string, string, string];
  if (!isDatasetId(datasetId) || !isProposalId(proposalId)) return null;
  return { kind: "proposal", datasetId, proposalId };
}
