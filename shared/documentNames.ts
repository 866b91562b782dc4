/**
 * The grammar of collaboration document names, the only names the server accepts:
 *
 *   dataset.<datasetId>.<epoch>   the canonical document of a dataset
 *
 * The epoch grows each time a dataset is reset or replaced on the server, so that a client's
 * old local copy (IndexedDB) of the previous epoch can never be merged back into the new document.
 * Later document kinds (proposals) add alternatives here.
 */
import { type DatasetId, isDatasetId } from "./ids.ts";

export type DocumentName = { kind: "dataset"; datasetId: DatasetId; epoch: number };

const DATASET = /^dataset\.([0-9A-Za-z]{12})\.(0|[1-9][0-9]{0,8})$/;

export function datasetDocumentName(datasetId: DatasetId, epoch: number): string {
  return `dataset.${datasetId}.${epoch}`;
}

/** Returns null for any name outside the grammar. */
export function parseDocumentName(name: string): DocumentName | null {
  const match = DATASET.exec(name);
  if (!match) return null;
  const [, id, epoch] = match as unknown as [string, string, string];
  if (!isDatasetId(id)) return null;
  return { kind: "dataset", datasetId: id, epoch: Number(epoch) };
}
