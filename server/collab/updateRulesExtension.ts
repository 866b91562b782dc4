import type { beforeSyncPayload, Extension } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import { checkUpdate, UpdateRefused } from "../../shared/dataset/updateRules.ts";
import { checkProposalUpdate } from "../../shared/proposal/updateRules.ts";
import { can } from "../../shared/rights.ts";
import { rememberEffect } from "./attribution.ts";
import type { CollabContext } from "./context.ts";
import { ANONYMOUS_MAX_UPDATE_ITEMS } from "./writeBudgetExtension.ts";

const SYNC_STEP_1 = 0;
const closeEventOf = {
  invalid: closeEvents.invalidUpdate,
  "too-large": closeEvents.tooLarge,
  forbidden: closeEvents.forbidden,
};

/**
 * Refuses updates that break the rules of shared/dataset/updateRules.ts, or that change columns or
 * metadata without the right to (editors who are members may; visitors editing an open dataset
 * may not). A refused update is never applied, logged or acknowledged.
 */
export function updateRulesExtension(): Extension {
  return {
    extensionName: "UpdateRules",
    async beforeSync({ type, payload, document, connection, context }: beforeSyncPayload<CollabContext>) {
      if (type === SYNC_STEP_1 || connection.readOnly) return;
      try {
        if (context.proposal) {
          // A proposal's document: its own schema (docs/PROPOSALS.md), and everyone on it is held to
          // a visitor's update size, signed in or not.
          const { items } = checkProposalUpdate(document, payload);
          if (items > ANONYMOUS_MAX_UPDATE_ITEMS)
            throw new UpdateRefused("too-large", "P15", `a change holds at most ${ANONYMOUS_MAX_UPDATE_ITEMS} items`);
          return;
        }
        const effect = checkUpdate(document, payload);
        if (effect.structure && !(context.access && can(context.access, "editStructure"))) {
          throw new UpdateRefused("forbidden", "R6", "changing columns or metadata needs a member's editor role");
        }
        if (context.principal?.kind === "anonymous" && effect.items > ANONYMOUS_MAX_UPDATE_ITEMS) {
          throw new UpdateRefused(
            "too-large",
            "R4",
            `a visitor's change holds at most ${ANONYMOUS_MAX_UPDATE_ITEMS} items`,
          );
        }
        rememberEffect(payload, effect);
      } catch (error) {
        if (!(error instanceof UpdateRefused)) throw error;
        const { code, reason } = closeEventOf[error.kind];
        connection.webSocket.close(code, reason); // the code reaches the client, not only the reason
        throw Object.assign(error, { code, reason });
      }
    },
  };
}
