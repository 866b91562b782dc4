/**
 * The collaboration server: Hocuspocus with its extensions, in the order they run.
 * Each extension is one concern in its own file.
 */
import { type Extension, Hocuspocus } from "@hocuspocus/server";
import type { Logger } from "pino";
import { hashAddress } from "../privacy/addressHash.ts";
import type { Storage } from "../storage/types.ts";
import { attribution } from "./attribution.ts";
import { awarenessExtension } from "./awarenessExtension.ts";
import { datasetSummaryExtension } from "./datasetSummaryExtension.ts";
import { documentAccessExtension, type PrincipalResolver } from "./documentAccessExtension.ts";
import { DurablePersistence } from "./durablePersistenceExtension.ts";
import { loggingExtension } from "./loggingExtension.ts";
import { proposalContentExtension } from "./proposalContentExtension.ts";
import { schemaUpgradeExtension } from "./schemaUpgradeExtension.ts";
import { updateRulesExtension } from "./updateRulesExtension.ts";
import { writeBudgetExtension } from "./writeBudgetExtension.ts";

export type CollabOptions = {
  storage: Storage;
  principalOf: PrincipalResolver;
  log: Logger;
  debounceMs: number;
  maxDebounceMs: number;
  anonymousWriteBytesPerMinute: number;
  /** Told after every change, once stored (the read model). */
  afterChange?: Extension[];
};

export function createCollabServer(options: CollabOptions) {
  const { storage, principalOf, log, debounceMs, maxDebounceMs, anonymousWriteBytesPerMinute } = options;
  const persistence = new DurablePersistence(storage.documents, undefined, attribution(hashAddress));
  const hocuspocus = new Hocuspocus({
    quiet: true,
    debounce: debounceMs,
    maxDebounce: maxDebounceMs,
    extensions: [
      documentAccessExtension(storage, principalOf), // names, existence, rights: before a document exists
      writeBudgetExtension(anonymousWriteBytesPerMinute), // anonymous bytes per minute, per address
      updateRulesExtension(), // refuses updates that break the schema, its limits or the person's rights
      awarenessExtension(), // presence holds only a name, a colour and a selected cell
      persistence, // logs each update before it is applied and acknowledged; compacts later
      schemaUpgradeExtension(),
      datasetSummaryExtension(storage.datasets),
      proposalContentExtension(storage.proposals),
      loggingExtension(log),
      ...(options.afterChange ?? []),
    ],
  });

  /**
   * For a graceful stop, after the sockets are closed: compacts every loaded document (so a restart
   * loads snapshots instead of replaying logs) and waits, within a bound, for documents to unload.
   */
  async function shutdown(timeoutMs = 10_000): Promise<void> {
    hocuspocus.closeConnections();
    for (const [name, document] of hocuspocus.documents) await persistence.compact(name, document);
    hocuspocus.flushPendingStores();
    const deadline = Date.now() + timeoutMs;
    while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  return { hocuspocus, shutdown };
}
