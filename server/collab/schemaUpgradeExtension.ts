import type { afterLoadDocumentPayload, Extension } from "@hocuspocus/server";
import { upgradeDataset } from "../../shared/dataset/index.ts";

/** Brings a loaded document to the current schema version before anyone syncs with it. */
export function schemaUpgradeExtension(): Extension {
  return {
    extensionName: "SchemaUpgrade",
    async afterLoadDocument({ document }: afterLoadDocumentPayload) {
      upgradeDataset(document, { source: "local", context: { reason: "schema-upgrade" } });
    },
  };
}
