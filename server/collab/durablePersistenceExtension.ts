/**
 * Snapshot + append-only log persistence, durable before acknowledgement.
 *
 * Hocuspocus acknowledges an update as soon as it has applied it and stores documents later, on a
 * debounce: a crash in between loses acknowledged edits. Here every incoming update is appended to
 * the log in `beforeSync`, which Hocuspocus awaits before it applies (and so before it acknowledges)
 * the update. Updates made on the server itself (API writes, upgrades) are appended from the
 * document's update event. The debounced `onStoreDocument` compacts: it writes a full snapshot and
 * drops the log entries that the snapshot covers. Loading replays snapshot + log. Updates are
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

export class DurablePersistence implements Extension {
  extensionName = "DurablePersistence";
  private readonly store: DocumentStore;
  /** Per document: messages logged but not yet applied. Compaction keeps the log while any exist. */
  private readonly inFlight = new Map<string, number>();
  private readonly loggedMessage = new WeakSet<Connection>();

  constructor(store: DocumentStore) {
    this.store = store;
  }

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
    const { snapshot, updates } = await this.store.load(documentName);
    document.transact(() => {
      if (snapshot) Y.applyUpdate(document, snapshot);
      for (const update of updates) Y.applyUpdate(document, update);
    }, LOADED_FROM_STORAGE);
    document.on("update", (update: Uint8Array, origin: unknown) => {
      if (isTransactionOrigin(origin) && origin.source !== "local") return; // connections: logged in beforeSync
      if (origin === LOADED_FROM_STORAGE) return;
      this.store.append(documentName, update);
    });
  }

  async beforeSync({ type, payload, documentName, connection }: beforeSyncPayload): Promise<void> {
    // Read-only connections' changes are dropped by Hocuspocus, so they are not logged either.
    if (type === SYNC_STEP_1 || connection.readOnly) return;
    this.inFlight.set(documentName, (this.inFlight.get(documentName) ?? 0) + 1);
    this.loggedMessage.add(connection);
    await this.store.append(documentName, payload);
  }

  async afterHandleMessage({ connection, documentName }: afterHandleMessagePayload): Promise<void> {
    if (!this.loggedMessage.delete(connection)) return;
    const count = (this.inFlight.get(documentName) ?? 1) - 1;
    if (count > 0) this.inFlight.set(documentName, count);
    else this.inFlight.delete(documentName);
  }

  async onStoreDocument({ documentName, document }: onStoreDocumentPayload): Promise<void> {
    await this.compact(documentName, document);
  }

  /** Writes a snapshot of `document` and drops the log entries it covers. */
  async compact(documentName: string, document: Y.Doc): Promise<void> {
    const upto = this.inFlight.has(documentName) ? 0 : await this.store.lastLogId(documentName);
    await this.store.compact(documentName, Y.encodeStateAsUpdate(document), upto);
  }
}
