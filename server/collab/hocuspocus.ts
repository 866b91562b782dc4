/**
 * The collaboration server: Hocuspocus with its extensions, in the order they run.
 * Each extension is one concern in its own file.
 */
import { Hocuspocus } from "@hocuspocus/server";
import type { Logger } from "pino";
import type { Storage } from "../storage/types.ts";
import { datasetSummaryExtension } from "./datasetSummaryExtension.ts";
import { documentAccessExtension } from "./documentAccessExtension.ts";
import { DurablePersistence } from "./durablePersistenceExtension.ts";
import { loggingExtension } from "./loggingExtension.ts";
import { schemaUpgradeExtension } from "./schemaUpgradeExtension.ts";
import { updateRulesExtension } from "./updateRulesExtension.ts";

export type CollabOptions = { storage: Storage; log: Logger; debounceMs: number; maxDebounceMs: number };

export function createCollabServer({ storage, log, debounceMs, maxDebounceMs }: CollabOptions) {
  const persistence = new DurablePersistence(storage.documents);
  const hocuspocus = new Hocuspocus({
    quiet: true,
    debounce: debounceMs,
    maxDebounce: maxDebounceMs,
    extensions: [
      documentAccessExtension(storage.datasets), // refuses bad names and unknown datasets before a document exists
      updateRulesExtension(), // refuses updates that break the schema or its limits
      persistence, // logs each update before it is applied and acknowledged; compacts later
      schemaUpgradeExtension(),
      datasetSummaryExtension(storage.datasets),
      loggingExtension(log),
    ],
  });

  /** Compacts every loaded document, so a restart loads snapshots instead of replaying logs. */
  async function flush(): Promise<void> {
    for (const [name, document] of hocuspocus.documents) await persistence.compact(name, document);
  }

  return { hocuspocus, flush };
}
