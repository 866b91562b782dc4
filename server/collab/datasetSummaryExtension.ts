import type { Extension, onChangePayload, onStoreDocumentPayload } from "@hocuspocus/server";
import { readMeta } from "../../shared/dataset/index.ts";
import { parseDocumentName } from "../../shared/documentNames.ts";
import type { DatasetRegistry } from "../storage/types.ts";

/**
 * Keeps the registry's copy of a dataset's title and description (used for listing) in step with
 * the document, and its updated time at the last edit (any change: cells, rows, columns, metadata).
 */
export function datasetSummaryExtension(datasets: DatasetRegistry): Extension {
  /** The time of the latest change not yet passed to the registry, by document name. */
  const editedAt = new Map<string, string>();
  return {
    extensionName: "DatasetSummary",
    async onChange({ documentName }: onChangePayload) {
      editedAt.set(documentName, new Date().toISOString());
    },
    async afterStoreDocument({ documentName, document }: onStoreDocumentPayload) {
      const name = parseDocumentName(documentName);
      if (!name) return;
      const { title, description } = readMeta(document);
      const at = editedAt.get(documentName);
      editedAt.delete(documentName);
      await datasets.updateSummary(name.datasetId, { title, description }, at);
    },
    async afterUnloadDocument({ documentName }) {
      editedAt.delete(documentName);
    },
  };
}
