/**
 * Snapshot + append-only log persistence, durable before acknowledgement.
 *
 * Hocuspocus acknowledges an update as soon as it has applied it and stores documents later, on a
 * debounce: a crash in between loses acknowledged edits. Here every incoming update is appended to
 * the log in `beforeSync`, which Hocuspocus awaits before it applies (and so before it acknowledges)
 * the update. Updates made on the server itself (API writes, upgrades) are appended from the
 * document's update event. Compaction writes a full snapshot and drops the log entries it covers.
 * The log alone makes edits durable, so compaction only keeps loading fast: while people are
 * connected it waits until the log has grown (encoding and writing a whole snapshot every few
 * seconds would stall everyone's edits), and it always runs when the last person leaves and on
 * shutdown. Loading replays snapshot + log. Updates are
 * idempotent and commutative, so a log entry that is also in the snapshot does no harm.
 */
import {
  type afterHandleMessagePayload,
  type beforeSyncPayload,
  type Connection,
  type Extension,
  isTransactionOrigin,
  type onLoadDocumentPayload,
  type onStoreDocumentPayload,
} from "@hocuspocus/server";
import * as Y from "yjs";
import type { DocumentStore } from "../storage/types.ts";

const SYNC_STEP_1 = 0;
/** Origin of the replay on load: nothing to log again, nothing to store. */
export const LOADED_FROM_STORAGE = { source: "local", skipStoreHooks: true } as const;

/** While people are connected, compact once the log holds this many updates or bytes. */
export type CompactionThresholds = { updates: number; bytes: number };
export const DEFAULT_COMPACTION: CompactionThresholds = { updates: 5_000, bytes: 8 * 1024 * 1024 };

export class DurablePersistence implements Extension {
  extensionName = "DurablePersistence";
  private readonly store: DocumentStore;
  private readonly thresholds: CompactionThresholds;
  /** Per document: updates and bytes appended since the last snapshot. */
  private readonly logged = new Map<string, { updates: number; bytes: number }>();
  /** Per document: messages logged but not yet applied. Compaction keeps the log while any exist. */
  private readonly inFlight = new Map<string, number>();
  private readonly loggedMessage = new WeakSet<Connection>();

  constructor(store: DocumentStore, thresholds = DEFAULT_COMPACTION) {
    this.store = store;
    this.thresholds = thresholds;
  }

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
    const { snapshot, updates } = await this.store.load(documentName);
    document.transact(() => {
      if (snapshot) Y.applyUpdate(document, snapshot);
      for (const update of updates) Y.applyUpdate(document, update);
    }, LOADED_FROM_STORAGE);
    this.logged.set(documentName, { updates: updates.length, bytes: updates.reduce((n, u) => n + u.length, 0) });
    document.on("update", (update: Uint8Array, origin: unknown) => {
      if (isTransactionOrigin(origin) && origin.source !== "local") return; // connections: logged in beforeSync
      if (origin === LOADED_FROM_STORAGE) return;
      this.store.append(documentName, update);
      this.count(documentName, update);
    });
  }

  async beforeSync({ type, payload, documentName, connection }: beforeSyncPayload): Promise<void> {
    // Read-only connections' changes are dropped by Hocuspocus, so they are not logged either.
    if (type === SYNC_STEP_1 || connection.readOnly) return;
    this.inFlight.set(documentName, (this.inFlight.get(documentName) ?? 0) + 1);
    this.loggedMessage.add(connection);
    await this.store.append(documentName, payload);
    this.count(documentName, payload);
  }

  async afterHandleMessage({ connection, documentName }: afterHandleMessagePayload): Promise<void> {
    if (!this.loggedMessage.delete(connection)) return;
    const count = (this.inFlight.get(documentName) ?? 1) - 1;
    if (count > 0) this.inFlight.set(documentName, count);
    else this.inFlight.delete(documentName);
  }

  async onStoreDocument({ documentName, document, clientsCount }: onStoreDocumentPayload): Promise<void> {
    const logged = this.logged.get(documentName) ?? { updates: 0, bytes: 0 };
    const grown = logged.updates >= this.thresholds.updates || logged.bytes >= this.thresholds.bytes;
    if (clientsCount > 0 && !grown) return;
    await this.compact(documentName, document);
  }

  async afterUnloadDocument({ documentName }: { documentName: string }): Promise<void> {
    this.logged.delete(documentName);
  }

  /** Writes a snapshot of `document` and drops the log entries it covers. */
  async compact(documentName: string, document: Y.Doc): Promise<void> {
    const upto = this.inFlight.has(documentName) ? 0 : await this.store.lastLogId(documentName);
    await this.store.compact(documentName, Y.encodeStateAsUpdate(document), upto);
    if (upto > 0) this.logged.set(documentName, { updates: 0, bytes: 0 });
  }

  private count(documentName: string, update: Uint8Array): void {
    const logged = this.logged.get(documentName) ?? { updates: 0, bytes: 0 };
    logged.updates += 1;
    logged.bytes += update.length;
    this.logged.set(documentName, logged);
  }
}
