/**
 * Decides, before a document is created, whether a connection may open it: the name must follow
 * the grammar in shared/documentNames.ts and name an existing dataset at its current epoch.
 * Refusals carry a close reason from shared/closeEvents.ts. Rights per person come with accounts.
 */
import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import { parseDocumentName } from "../../shared/documentNames.ts";
import type { DatasetRegistry } from "../storage/types.ts";
import type { CollabContext } from "./context.ts";

export function documentAccessExtension(datasets: DatasetRegistry): Extension {
  return {
    extensionName: "DocumentAccess",
    async onAuthenticate({ documentName }: onAuthenticatePayload<CollabContext>): Promise<CollabContext> {
      const name = parseDocumentName(documentName);
      if (!name) throw closeEvents.invalidName;
      const dataset = await datasets.get(name.datasetId);
      if (!dataset) throw closeEvents.notFound;
      if (dataset.epoch !== name.epoch) throw closeEvents.reset;
      return { dataset };
    },
  };
}
