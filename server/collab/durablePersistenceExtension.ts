/**
 * Snapshot + append-only log persistence, durable before acknowledgement.
 *
 * Hocuspocus acknowledges an update as soon as it has applied it and stores documents later, on a
 * debounce: a crash in between loses acknowledged edits. Here every incoming update is appended to
 * the log in `beforeSync`, which Hocuspocus awaits before it applies (and so before it acknowledges)
 * the update; updates that arrive together share one write (batchedAppend.ts). Updates made on the
 * server itself (API writes, upgrades) are appended at once from the document's update event. Compaction writes a full snapshot and drops the log entries it covers.
 * The log alone makes edits durable, so compaction only keeps loading fast: while people are
 * connected it waits until the log has grown (encoding and writing a whole snapshot every few
 * seconds would stall everyone's edits), and it always runs when the document unloads (the last
 * person left) and on shutdown. Loading replays snapshot + log. Updates are idempotent and
 * commutative, so a log entry that is also in the snapshot does no harm.
 *
 * A document that did not change since it was loaded or last compacted is never written again, so
 * reading a dataset (an API request, a reader's socket) costs no write: a snapshot of 100k rows is
 * ~37 MB. Empty updates (a client's sync reply with nothing new) are not logged either.
 */
import {
  type afterHandleMessagePayload,
  type beforeSyncPayload,
  type beforeUnloadDocumentPayload,
  type Connection,
  type Extension,
  isTransactionOrigin,
  type onLoadDocumentPayload,
  type onStoreDocumentPayload,
} from "@hocuspocus/server";
import * as Y from "yjs";
import type { DocumentStore } from "../storage/types.ts";
import type { Attribution } from "./attribution.ts";
import { batchedAppend } from "./batchedAppend.ts";

const SYNC_STEP_1 = 0;
/** Origin of the replay on load: nothing to log again, nothing to store. */
export const LOADED_FROM_STORAGE = { source: "local", skipStoreHooks: true } as const;

/** While people are connected, compact once the log holds this many updates or bytes. */
export type CompactionThresholds = { updates: number; bytes: number };
export const DEFAULT_COMPACTION: CompactionThresholds = { updates: 5_000, bytes: 8 * 1024 * 1024 };

/**
 * Per loaded document: what was appended since the last snapshot, and a count of changes so that a
 * compaction knows whether the document changed since the state it last wrote (or loaded).
 */
type DocumentState = { updates: number; bytes: number; changes: number; stored: number };

export class DurablePersistence implements Extension {
  extensionName = "DurablePersistence";
  private readonly store: DocumentStore;
  private readonly thresholds: CompactionThresholds;
  private readonly states = new WeakMap<Y.Doc, DocumentState>();
  /** Per document: messages logged but not yet applied. Compaction keeps the log while any exist. */
  private readonly inFlight = new Map<string, number>();
  private readonly loggedMessage = new WeakSet<Connection>();
  /** Records who made each change to a canonical document, with its log entry (attribution.ts). */
  private readonly attribution: Attribution | null;
  private readonly appendSoon: ReturnType<typeof batchedAppend>;

  constructor(store: DocumentStore, thresholds = DEFAULT_COMPACTION, attribution: Attribution | null = null) {
    this.store = store;
    this.appendSoon = batchedAppend(store);
    this.thresholds = thresholds;
    this.attribution = attribution;
  }

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
    const { snapshot, updates } = await this.store.load(documentName);
    document.transact(() => {
      if (snapshot) Y.applyUpdate(document, snapshot);
      for (const update of updates) Y.applyUpdate(document, update);
    }, LOADED_FROM_STORAGE);
    const bytes = updates.reduce((n, u) => n + u.length, 0);
    // Changes that could never apply (stored before the update rules refused them) are dropped, so
    // Yjs stops retrying them with every update and the next snapshot no longer carries them.
    const pending = document.store.pendingStructs !== null || document.store.pendingDs !== null;
    document.store.pendingStructs = null;
    document.store.pendingDs = null;
    // A log left over (a crash, or people still connected at the last store) is folded in once.
    const state = { updates: updates.length, bytes, changes: updates.length > 0 || pending ? 1 : 0, stored: 0 };
    this.states.set(document, state);
    document.on("update", (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin === LOADED_FROM_STORAGE) return;
      state.changes += 1;
      if (isTransactionOrigin(origin) && origin.source !== "local") return; // connections: logged in beforeSync
      this.store.append(documentName, update, this.attribution?.ofTransaction(documentName, origin, transaction));
      this.count(document, update);
    });
  }

  async beforeSync({ type, payload, document, documentName, connection }: beforeSyncPayload): Promise<void> {
    // Read-only connections' changes are dropped by Hocuspocus, so they are not logged either.
    if (type === SYNC_STEP_1 || connection.readOnly || isEmptyUpdate(payload)) return;
    this.inFlight.set(documentName, (this.inFlight.get(documentName) ?? 0) + 1);
    this.loggedMessage.add(connection);
    const change = this.attribution?.ofConnection(documentName, payload, connection);
    await this.appendSoon({ name: documentName, update: payload, change });
    this.count(document, payload);
  }

  async afterHandleMessage({ connection, documentName }: afterHandleMessagePayload): Promise<void> {
    if (!this.loggedMessage.delete(connection)) return;
    const count = (this.inFlight.get(documentName) ?? 1) - 1;
    if (count > 0) this.inFlight.set(documentName, count);
    else this.inFlight.delete(documentName);
  }

  async onStoreDocument({ documentName, document, clientsCount }: onStoreDocumentPayload): Promise<void> {
    const state = this.states.get(document);
    const grown = state && (state.updates >= this.thresholds.updates || state.bytes >= this.thresholds.bytes);
    if (clientsCount > 0 && !grown) return;
    await this.compact(documentName, document);
  }

  /**
   * Hocuspocus stores a document when its last connection closes only if a store is still pending
   * (debounced): after a quiet spell, the last person leaving stores nothing. Compacting here folds
   * the log in whenever a changed document leaves memory.
   */
  async beforeUnloadDocument({ documentName, document }: beforeUnloadDocumentPayload): Promise<void> {
    await this.compact(documentName, document);
  }

  /**
   * Writes a snapshot of `document` and drops the log entries it covers; does nothing if the
   * document did not change since it was loaded or last compacted.
   */
  async compact(documentName: string, document: Y.Doc): Promise<void> {
    const state = this.states.get(document);
    if (state && state.changes === state.stored) return;
    const inFlight = this.inFlight.has(documentName);
    const upto = inFlight ? 0 : await this.store.lastLogId(documentName);
    const changes = state?.changes ?? 0;
    await this.store.compact(documentName, Y.encodeStateAsUpdate(document), upto);
    // With messages in flight the log is kept, so the next compaction must still fold it in.
    if (state && !inFlight) Object.assign(state, { updates: 0, bytes: 0, stored: changes });
  }

  private count(document: Y.Doc, update: Uint8Array): void {
    const state = this.states.get(document);
    if (!state) return;
    state.updates += 1;
    state.bytes += update.length;
  }
}

/** An update with no structs and no deletions: what a client sends when it has nothing new. */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;
