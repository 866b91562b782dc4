/**
 * One open dataset in the browser: the Yjs document, its live DatasetView, the local IndexedDB copy
 * and the connection to the server, plus the per-user undo history.
 *
 * Order matters (see notes §6): the IndexedDB copy is loaded first, so the first sync with the server
 * exchanges only diffs and edits made offline are uploaded on reconnect. The IndexedDB name carries
 * the document name, which carries the dataset epoch: a reset dataset gets a fresh local copy and
 * the old one is deleted, never merged back. Read-only sessions keep no local copy.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { closeEvents } from "../../shared/closeEvents.ts";
import { DatasetView, type DatasetWriter, datasetUndoManager, documentWriter } from "../../shared/dataset/index.ts";
import { deleteOtherEpochs, IDB_PREFIX } from "./localCopies.ts";

/** The origin of every edit made by this browser tab: the undo history tracks only these. */
export const LOCAL_ORIGIN = { source: "local-user" } as const;

export type ConnectionStatus = "connecting" | "connected" | "disconnected";
export type SessionState = {
  status: ConnectionStatus;
  /** The server has sent its state at least once since the last (re)connection. */
  synced: boolean;
  /** Local updates the server has not yet acknowledged. */
  unsynced: number;
  /** Edits are kept in IndexedDB while offline. */
  persisted: boolean;
  /** The dataset was reset on the server: this session is stale and must be reopened. */
  reset: boolean;
  /** Counts the server's "rights changed" and "credentials revoked" closes: the page asks again what this person may do. */
  rightsChanges: number;
  /** The server no longer lets this person open the dataset (or it was deleted). */
  lost: boolean;
  /** The server refused a change from this device (its close reason); the session stops reconnecting. */
  refused: string | null;
};

/** Closes after which resending the same local changes would only be refused again. */
const REFUSALS = new Set<number>([
  closeEvents.invalidUpdate.code,
  closeEvents.forbidden.code,
  closeEvents.tooLarge.code,
]);

export type SessionOptions = { documentName: string; url: string; readOnly?: boolean };

export class DatasetSession {
  readonly doc: Y.Doc;
  readonly view: DatasetView;
  readonly provider: HocuspocusProvider;
  readonly undo: Y.UndoManager;
  /** This tab's writes to the dataset itself, under LOCAL_ORIGIN (the origin `undo` tracks). */
  readonly writer: DatasetWriter;
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly idb: IndexeddbPersistence | null;
  private state: SessionState;
  private readonly listeners = new Set<(state: SessionState) => void>();

  /** Opens the local copy first, then connects. */
  static async open(options: SessionOptions): Promise<DatasetSession> {
    const doc = new Y.Doc();
    let idb: IndexeddbPersistence | null = null;
    if (!options.readOnly && typeof indexedDB !== "undefined") {
      idb = new IndexeddbPersistence(IDB_PREFIX + options.documentName, doc);
      await idb.whenSynced;
      void deleteOtherEpochs(options.documentName);
    }
    return new DatasetSession(doc, idb, options);
  }

  private constructor(doc: Y.Doc, idb: IndexeddbPersistence | null, options: SessionOptions) {
    this.doc = doc;
    this.idb = idb;
    this.view = new DatasetView(doc);
    this.undo = datasetUndoManager(doc, LOCAL_ORIGIN);
    this.writer = documentWriter(doc, LOCAL_ORIGIN);
    this.state = {
      status: "connecting",
      synced: false,
      unsynced: 0,
      persisted: idb !== null,
      reset: false,
      rightsChanges: 0,
      lost: false,
      refused: null,
    };
    this.socket = new HocuspocusProviderWebsocket({
      url: options.url,
      // Retry soon after a drop (a restart, a short network loss), never more than 4 s apart.
      delay: 500,
      minDelay: 250,
      maxDelay: 4000,
      factor: 1.5,
      onMaxAttemptsFailed: ({ error }) => console.error("collaboration connection failed", error),
    });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: options.documentName,
      document: doc,
      onStatus: ({ status }) =>
        this.patch({ status: status as ConnectionStatus, ...(status !== "connected" ? { synced: false } : {}) }),
      onSynced: ({ state }) => this.patch({ synced: state }),
      onUnsyncedChanges: ({ number }) => this.patch({ unsynced: number }),
      onAuthenticationFailed: ({ reason }) => {
        if (reason === closeEvents.reset.reason) this.patch({ reset: true });
        if (reason === closeEvents.notFound.reason || reason === closeEvents.forbidden.reason)
          this.patch({ lost: true });
      },
      onClose: ({ event }) => {
        if (event.code === closeEvents.reset.code) this.patch({ reset: true });
        // Signed out (or the session ended elsewhere): the page asks again, as whoever the browser now is.
        if (event.code === closeEvents.rightsChanged.code || event.code === closeEvents.credentialsRevoked.code)
          this.patch({ rightsChanges: this.state.rightsChanges + 1 });
        if (REFUSALS.has(event.code)) {
          this.socket.disconnect();
          this.patch({ refused: event.reason || "invalid-update" });
        }
      },
    });
    this.provider.attach();
  }

  getState(): SessionState {
    return this.state;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the local copy (after a reset) and closes. */
  async discardLocalCopy(): Promise<void> {
    this.destroy();
    await this.idb?.clearData();
  }

  destroy(): void {
    this.listeners.clear();
    this.undo.destroy();
    this.view.destroy();
    this.provider.destroy();
    this.socket.destroy();
    void this.idb?.destroy();
    this.doc.destroy();
  }

  private patch(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}
