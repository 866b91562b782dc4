/**
 * One open dataset in the browser: the Yjs document, its live DatasetView, the local IndexedDB copy
 * and the connection to the server, plus the per-user undo history.
 *
 * Order matters (see notes §6): the IndexedDB copy is loaded first, so the first sync with the server
 * exchanges only diffs and edits made offline are uploaded on reconnect. The IndexedDB name carries
 * the document name, which carries the dataset epoch: a reset dataset gets a fresh local copy and
 * the old one is deleted, never merged back. A read-only session keeps a reader's copy of its own
 * (localCopies.ts): only what the server sent, so a visitor can open the dataset, and start a
 * proposal, offline.
 *
 * Reconnecting never leaves it stuck (docs/ARCHITECTURE.md, "Reconnection and recovery"): local
 * updates wait for each handshake (HandshakeFirstProvider), a watchdog (syncWatchdog.ts) replaces
 * a socket that is connected but does not sync, and when that does not help either the state says
 * so (`stuck`) and `retry()` tries again. Going offline is shown at once; coming back online
 * reconnects at once, without waiting for the provider's backoff.
 */
import { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { closeEvents } from "../../shared/closeEvents.ts";
import { DatasetView, type DatasetWriter, datasetUndoManager, documentWriter } from "../../shared/dataset/index.ts";
import { moveToFreshSocket, SOCKET_RETRY } from "./freshSocket.ts";
import { HandshakeFirstProvider } from "./handshakeFirstProvider.ts";
import { deleteStaleCopies, localCopyName } from "./localCopies.ts";
import { type BoundsSource, SyncWatchdog } from "./syncWatchdog.ts";
import { type UnsavedCell, UnsavedChanges } from "./unsavedChanges.ts";

/** The origin of every edit made by this browser tab: the undo history tracks only these. */
export const LOCAL_ORIGIN = { source: "local-user" } as const;

export type ConnectionStatus = "connecting" | "connected" | "disconnected";
export type SessionState = {
  status: ConnectionStatus;
  /** The server has sent its state at least once since the last (re)connection. */
  synced: boolean;
  /** Local updates the server has not yet acknowledged. */
  unsynced: number;
  /** A copy is kept in IndexedDB: the dataset opens offline, and edits made offline are kept. */
  persisted: boolean;
  /** This person may not edit: the local copy only mirrors the server. */
  readOnly: boolean;
  /** The dataset was reset on the server: this session is stale and must be reopened. */
  reset: boolean;
  /** Counts the server's "rights changed" and "credentials revoked" closes: the page asks again what this person may do. */
  rightsChanges: number;
  /** The server no longer lets this person open the dataset (or it was deleted). */
  lost: boolean;
  /** The server refused a change from this device (its close reason); the session stops reconnecting. */
  refused: string | null;
  /** Connected, but changes do not reach the server (or it does not answer) even after fresh sockets: they stay on this device. */
  stuck: boolean;
};

/** Closes after which resending the same local changes would only be refused again. */
export const REFUSALS = new Set<number>([
  closeEvents.invalidUpdate.code,
  closeEvents.forbidden.code,
  closeEvents.tooLarge.code,
]);

export type SessionOptions = {
  documentName: string;
  url: string;
  readOnly?: boolean;
  /** Bounds of the stuck-sync watchdog: the instance's setting (`SYNC_WATCHDOG_MS`) in the app, defaults else. */
  watchdog?: BoundsSource;
};

/** How often the watchdog looks at the connection. */
const WATCH_EVERY_MS = 1_000;

export class DatasetSession {
  readonly doc: Y.Doc;
  readonly view: DatasetView;
  readonly provider: HandshakeFirstProvider;
  readonly undo: Y.UndoManager;
  /** This tab's writes to the dataset itself, under LOCAL_ORIGIN (the origin `undo` tracks). */
  readonly writer: DatasetWriter;
  private socket: HocuspocusProviderWebsocket;
  private readonly idb: IndexeddbPersistence | null;
  private readonly url: string;
  private readonly watchdog: SyncWatchdog;
  private readonly watching: ReturnType<typeof setInterval>;
  private readonly unsaved: UnsavedChanges;
  private destroyed = false;
  /** The browser said it is offline: connection attempts are not news until it is back. */
  private browserOffline = typeof navigator !== "undefined" && navigator.onLine === false;
  private state: SessionState;
  private readonly listeners = new Set<(state: SessionState) => void>();

  /** Opens the local copy first, then connects. */
  static async open(options: SessionOptions): Promise<DatasetSession> {
    const doc = new Y.Doc();
    let idb: IndexeddbPersistence | null = null;
    const readOnly = options.readOnly ?? false;
    if (typeof indexedDB !== "undefined") {
      idb = new IndexeddbPersistence(localCopyName(options.documentName, readOnly), doc);
      await idb.whenSynced;
      void deleteStaleCopies(options.documentName, readOnly);
    }
    return new DatasetSession(doc, idb, options);
  }

  private constructor(doc: Y.Doc, idb: IndexeddbPersistence | null, options: SessionOptions) {
    this.doc = doc;
    this.idb = idb;
    this.url = options.url;
    this.view = new DatasetView(doc);
    this.undo = datasetUndoManager(doc, LOCAL_ORIGIN);
    this.writer = documentWriter(doc, LOCAL_ORIGIN);
    this.state = {
      // Opened while offline (a reload with no network): no "offline" event will say so.
      status: this.browserOffline ? "disconnected" : "connecting",
      synced: false,
      unsynced: 0,
      persisted: idb !== null,
      readOnly: options.readOnly ?? false,
      reset: false,
      rightsChanges: 0,
      lost: false,
      refused: null,
      stuck: false,
    };
    this.socket = this.createSocket();
    this.provider = new HandshakeFirstProvider({
      websocketProvider: this.socket,
      name: options.documentName,
      document: doc,
      onStatus: ({ status }) => {
        const shown = this.browserOffline && status !== "connected" ? "disconnected" : (status as ConnectionStatus);
        this.patch({ status: shown, ...(status !== "connected" ? { synced: false } : {}) });
      },
      onSynced: ({ state }) => this.patch({ synced: state }),
      onUnsyncedChanges: ({ number }) => {
        this.patch({ unsynced: number });
        if (number === 0 && this.provider?.isHandshaken) this.unsaved.confirm();
      },
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
    this.unsaved = new UnsavedChanges(doc, () => this.view);
    this.provider.attach();
    this.watchdog = new SyncWatchdog(options.watchdog);
    this.watching = setInterval(() => this.watch(), WATCH_EVERY_MS);
    if (typeof window !== "undefined") {
      window.addEventListener("offline", this.wentOffline);
      window.addEventListener("online", this.cameOnline);
    }
  }

  /** A person asked to try again after the session said it was stuck: a fresh socket, the watchdog from zero. */
  retry(): void {
    this.watchdog.reset();
    this.patch({ stuck: false });
    this.replaceSocket();
  }

  /**
   * Cells this device changed that the server has not acknowledged yet, with their values here:
   * what would be lost if this session ended now (rights dropped, dataset reset).
   */
  unsavedCells(): UnsavedCell[] {
    return this.unsaved.cells();
  }

  private createSocket(): HocuspocusProviderWebsocket {
    return new HocuspocusProviderWebsocket({
      url: this.url,
      ...SOCKET_RETRY,
      onMaxAttemptsFailed: ({ error }) => console.error("collaboration connection failed", error),
    });
  }

  /** The same provider, document and local copy on a new socket (freshSocket.ts). */
  private replaceSocket(): void {
    if (this.destroyed || this.state.refused) return;
    this.socket = moveToFreshSocket(this.provider, this.socket, () => this.createSocket());
    this.patch({ status: this.browserOffline ? "disconnected" : "connecting", synced: false });
  }

  private watch(): void {
    const store = this.doc.store;
    const verdict = this.watchdog.observe(
      { ...this.state, pending: store.pendingStructs !== null || store.pendingDs !== null },
      Date.now(),
    );
    if (verdict.stuck !== this.state.stuck) this.patch({ stuck: verdict.stuck });
    if (verdict.recover) this.replaceSocket();
  }

  /**
   * Shown at once (an open socket may take long to notice the network is gone), and no edit is
   * written into a dead socket: a fresh one keeps trying in the background.
   */
  private readonly wentOffline = () => {
    this.browserOffline = true;
    this.replaceSocket();
    this.patch({ status: "disconnected", synced: false });
  };

  /** Back online: reconnect now rather than after the provider's backoff. */
  private readonly cameOnline = () => {
    this.browserOffline = false;
    this.replaceSocket();
  };

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
    this.destroyed = true;
    clearInterval(this.watching);
    if (typeof window !== "undefined") {
      window.removeEventListener("offline", this.wentOffline);
      window.removeEventListener("online", this.cameOnline);
    }
    this.unsaved.destroy();
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
