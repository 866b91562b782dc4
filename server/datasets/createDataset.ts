import * as Y from "yjs";
import { type DatasetInit, initializeDataset } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { newDatasetId } from "../../shared/ids.ts";
import type { DatasetRecord, DatasetRegistry } from "../storage/types.ts";

/** Registers a dataset and stores its first document state, in one storage transaction. */
export async function createDataset(datasets: DatasetRegistry, init: DatasetInit): Promise<DatasetRecord> {
  const doc = new Y.Doc();
  initializeDataset(doc, init, { source: "local", context: { reason: "create" } });
  const now = new Date().toISOString();
  const record: DatasetRecord = {
    id: newDatasetId(),
    title: init.meta.title,
    description: init.meta.description ?? "",
    epoch: 0,
    createdAt: now,
    updatedAt: now,
  };
  await datasets.create(record, Y.encodeStateAsUpdate(doc), datasetDocumentName(record.id, record.epoch));
  doc.destroy();
  return record;
}
