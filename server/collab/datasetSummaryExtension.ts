import type { Extension, onChangePayload, onStoreDocumentPayload } from "@hocuspocus/server";
import { readMeta } from "../../shared/dataset/index.ts";
import { parseDocumentName } from "../../shared/documentNames.ts";
import type { DatasetRegistry } from "../storage/types.ts";

/**
 * Keeps the registry's copy of a dataset's title and description (used for listing) in step with
 * the document, and its updated time at the last edit (any change: cells, rows, columns, metadata).
 */
export function datasetSummaryExtension(datasets: DatasetRegistry): Extension {
  /** The time (ms) of the latest change not yet passed to the registry, by document name: set on every edit, so kept cheap. */
  const editedAt = new Map<string, number>();
  return {
    extensionName: "DatasetSummary",
    async onChange({ documentName }: onChangePayload) {
      editedAt.set(documentName, Date.now());
    },
    async afterStoreDocument({ documentName, document }: onStoreDocumentPayload) {
      const name = parseDocumentName(documentName);
      if (!name) return;
      const { title, description } = readMeta(document);
      const at = editedAt.get(documentName);
      editedAt.delete(documentName);
      await datasets.updateSummary(
        name.datasetId,
        { title, description },
        at === undefined ? undefined : new Date(at).toISOString(),
      );
    },
    async afterUnloadDocument({ documentName }) {
      editedAt.delete(documentName);
    },
  };
}
