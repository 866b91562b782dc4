import type { beforeSyncPayload, Extension } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import { checkUpdate, UpdateRefused } from "./updateRules.ts";

const SYNC_STEP_1 = 0;

/** Refuses updates that break the dataset schema or its limits, closing that document connection. */
export function updateRulesExtension(): Extension {
  return {
    extensionName: "UpdateRules",
    async beforeSync({ type, payload, document, connection }: beforeSyncPayload) {
      if (type === SYNC_STEP_1 || connection.readOnly) return;
      try {
        checkUpdate(document, payload);
      } catch (error) {
        if (!(error instanceof UpdateRefused)) throw error;
        throw Object.assign(error, error.kind === "too-large" ? closeEvents.tooLarge : closeEvents.invalidUpdate);
      }
    },
  };
}
