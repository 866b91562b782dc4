/**
 * Decides, before a document is created, whether a connection may open it: the name must follow
 * the grammar in shared/documentNames.ts and name an existing dataset at its current epoch, and
 * the person (session cookie) or API token (provider token) must be allowed to open it. People
 * who may not edit get a read-only connection; proposal documents follow proposalAccess.ts. Refusals carry a reason from shared/closeEvents.ts;
 * a dataset one may not open is refused exactly like one that does not exist.
 */
import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import { parseAnyDocumentName } from "../../shared/documentNames.ts";
import { can } from "../../shared/rights.ts";
import type { ConnectionIdentity } from "../auth/principalOfConnection.ts";
import { accessTo } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import type { CollabContext } from "./context.ts";
import { proposalAccess } from "./proposalAccess.ts";

export type PrincipalResolver = (headers: Headers, token: string) => Promise<ConnectionIdentity | null>;

export function documentAccessExtension(storage: Storage, principalOf: PrincipalResolver): Extension {
  return {
    extensionName: "DocumentAccess",
    async onAuthenticate(payload: onAuthenticatePayload<CollabContext>): Promise<CollabContext> {
      const name = parseAnyDocumentName(payload.documentName);
      if (!name) throw closeEvents.invalidName;
      if (name.kind === "proposal") {
        const { context, readOnly } = await proposalAccess(
          storage,
          principalOf,
          name,
          payload.requestHeaders,
          payload.token ?? "",
        );
        payload.connectionConfig.readOnly = readOnly;
        return context;
      }
      const identity = await principalOf(payload.requestHeaders, payload.token ?? "");
      if (!identity) throw closeEvents.forbidden; // a token was given but is unknown or revoked
      const { principal, credential } = identity;
      const dataset = await storage.datasets.get(name.datasetId);
      if (!dataset) throw closeEvents.notFound;
      const access = await accessTo(storage, principal, dataset);
      if (!can(access, "open")) throw closeEvents.notFound;
      if (dataset.epoch !== name.epoch) throw closeEvents.reset;
      payload.connectionConfig.readOnly = !can(access, "editCells");
      const account = principal.kind === "anonymous" ? null : await storage.users.byId(principal.userId);
      return { dataset, access, principal, credential, displayName: account?.name ?? null };
    },
  };
}
