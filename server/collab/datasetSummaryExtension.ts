import type { Extension, onStoreDocumentPayload } from "@hocuspocus/server";
import { readMeta } from "../../shared/dataset/index.ts";
import { parseDocumentName } from "../../shared/documentNames.ts";
import type { DatasetRegistry } from "../storage/types.ts";

/** Keeps the registry's copy of a dataset's title and description (used for listing) in step with the document. */
export function datasetSummaryExtension(datasets: DatasetRegistry): Extension {
  return {
    extensionName: "DatasetSummary",
    async afterStoreDocument({ documentName, document }: onStoreDocumentPayload) {
      const name = parseDocumentName(documentName);
      if (!name) return;
      const { title, description } = readMeta(document);
      await datasets.updateSummary(name.datasetId, { title, description });
    },
  };
}
