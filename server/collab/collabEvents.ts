/**
 * What the HTTP side tells the collaboration side when rights or datasets change, so that open
 * connections follow at once instead of at the next reload.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import { parseDocumentName } from "../../shared/documentNames.ts";
import type { DatasetRecord } from "../storage/types.ts";
import type { CollabContext } from "./context.ts";

export interface CollabEvents {
  /** Closes every socket connected to the dataset's documents; clients reconnect and get their new rights. */
  accessChanged(dataset: Pick<DatasetRecord, "id">): void;
  /** The same, then waits (bounded) until the dataset's documents are unloaded. */
  unload(dataset: Pick<DatasetRecord, "id">): Promise<void>;
  /** Closes every socket of one person (their groups changed, so their rights may have, anywhere). */
  personChanged(userId: string): void;
}

export function collabEvents(hocuspocus: Hocuspocus): CollabEvents {
  const documentsOf = (datasetId: string) =>
    [...hocuspocus.documents.values()].filter((doc) => parseDocumentName(doc.name)?.datasetId === datasetId);

  const accessChanged = (dataset: Pick<DatasetRecord, "id">) => {
    const { code, reason } = closeEvents.rightsChanged;
    for (const document of documentsOf(dataset.id)) {
      for (const connection of document.connections.keys()) connection.webSocket.close(code, reason);
    }
  };

  return {
    accessChanged,
    personChanged(userId) {
      const { code, reason } = closeEvents.rightsChanged;
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.connections.keys()) {
          const principal = (connection.context as CollabContext).principal;
          if (principal && principal.kind !== "anonymous" && principal.userId === userId)
            connection.webSocket.close(code, reason);
        }
      }
    },
    async unload(dataset) {
      accessChanged(dataset);
      const deadline = Date.now() + 5_000;
      while (documentsOf(dataset.id).length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
