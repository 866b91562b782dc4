/** Tells the read model when a canonical dataset document changed (any origin: sockets, API, server). */
import type { Extension, onChangePayload } from "@hocuspocus/server";
import { parseDocumentName } from "../../shared/documentNames.ts";
import type { ReadModel } from "./readModel.ts";

export function readModelExtension(readModel: Pick<ReadModel, "changed">): Extension {
  return {
    extensionName: "ReadModel",
    async onChange({ documentName }: onChangePayload) {
      const name = parseDocumentName(documentName);
      if (name) readModel.changed(name.datasetId);
    },
  };
}
