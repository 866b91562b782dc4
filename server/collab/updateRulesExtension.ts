import type { beforeSyncPayload, Extension } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import { roots } from "../../shared/dataset/index.ts";
import { can } from "../../shared/rights.ts";
import type { CollabContext } from "./context.ts";
import { checkUpdate, UpdateRefused } from "./updateRules.ts";

const SYNC_STEP_1 = 0;
const closeEventOf = {
  invalid: closeEvents.invalidUpdate,
  "too-large": closeEvents.tooLarge,
  forbidden: closeEvents.forbidden,
};

/**
 * Refuses updates that break the dataset schema or its limits, or that change columns or metadata
 * without the right to (editors who are members may; visitors editing an open dataset may not),
 * closing that document connection.
 */
export function updateRulesExtension(): Extension {
  return {
    extensionName: "UpdateRules",
    async beforeSync({ type, payload, document, connection, context }: beforeSyncPayload<CollabContext>) {
      if (type === SYNC_STEP_1 || connection.readOnly) return;
      try {
        const touched = checkUpdate(document, payload);
        const structural = touched.has(roots.columns) || touched.has(roots.meta);
        if (structural && context.access && !can(context.access, "editStructure")) {
          throw new UpdateRefused("forbidden", "changing columns or metadata needs a member's editor role");
        }
      } catch (error) {
        if (!(error instanceof UpdateRefused)) throw error;
        throw Object.assign(error, closeEventOf[error.kind]);
      }
    },
  };
}
