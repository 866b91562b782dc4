import type { afterLoadDocumentPayload, Extension } from "@hocuspocus/server";
import { upgradeDataset } from "../../shared/dataset/index.ts";
import { parseDocumentName } from "../../shared/documentNames.ts";

/** Brings a loaded document to the current schema version before anyone syncs with it. */
export function schemaUpgradeExtension(): Extension {
  return {
    extensionName: "SchemaUpgrade",
    async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload) {
      if (!parseDocumentName(documentName)) return; // proposals have their own schema, with no version yet
      upgradeDataset(document, { source: "local", context: { reason: "schema-upgrade" } });
    },
  };
}
