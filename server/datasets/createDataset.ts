import * as Y from "yjs";
import { type DatasetInit, initializeDataset } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { type ColumnId, type DatasetId, newDatasetId } from "../../shared/ids.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";

export type Creator = { userId: string; workspaceId: string };

/**
 * Registers a dataset in a workspace and stores its first document state. The creator becomes its
 * owner; a new dataset is private until its owner opens it. `fill` writes its first rows (an
 * import) into the new document before it is stored: if it throws, nothing is created.
 */
export async function createDataset(
  storage: Storage,
  init: DatasetInit,
  creator: Creator,
  fill?: (doc: Y.Doc, columnIds: ColumnId[]) => void,
): Promise<DatasetRecord> {
  const doc = new Y.Doc();
  const columnIds = initializeDataset(doc, init, { source: "local", context: { reason: "create" } });
  fill?.(doc, columnIds);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return storeNewDataset(storage, { title: init.meta.title, description: init.meta.description ?? "" }, state, creator);
}

/** Stores a dataset whose first document state was built elsewhere (an import's worker thread). */
export async function storeNewDataset(
  storage: Storage,
  summary: { title: string; description: string },
  state: Uint8Array,
  creator: Creator,
  id: DatasetId = newDatasetId(),
): Promise<DatasetRecord> {
  const now = new Date().toISOString();
  const record: DatasetRecord = {
    id,
    title: summary.title,
    description: summary.description,
    epoch: 0,
    workspaceId: creator.workspaceId,
    openness: "private",
    createdAt: now,
    updatedAt: now,
  };
  await storage.datasets.create(record, state, datasetDocumentName(record.id, record.epoch));
  await storage.rights.grant({
    resourceType: "dataset",
    resourceId: record.id,
    principalType: "user",
    principalId: creator.userId,
    role: "owner",
  });
  return record;
}
