import type { Extension, onStoreDocumentPayload } from "@hocuspocus/server";
import { parseAnyDocumentName } from "../../shared/documentNames.ts";
import { rememberContent } from "../proposals/contents.ts";
import type { ProposalStore } from "../storage/proposalTypes.ts";

/** Remembers what a proposal's document holds each time it is stored, for the moderators' queue (server/proposals/contents.ts). */
export function proposalContentExtension(proposals: ProposalStore): Extension {
  return {
    extensionName: "ProposalContent",
    async afterStoreDocument({ documentName, document }: onStoreDocumentPayload) {
      const name = parseAnyDocumentName(documentName);
      if (name?.kind === "proposal") await rememberContent(proposals, name.proposalId, document);
    },
  };
}
