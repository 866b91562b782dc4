/**
 * One proposal being written in the browser: its own Yjs document, kept in IndexedDB (so it
 * survives a reload and works offline) and synchronised with the server under the proposal's
 * private capability, with the live dataset laid under it (ProposalPreview) and the contributor's
 * writer and undo history. The dataset's own session stays open beside it, read-only for this person.
 * A draft started offline is written into its local copy alone until the server has created the
 * proposal (`connect`): then everything written so far goes up in the first handshake.
 */
import { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { closeEvents } from "../../shared/closeEvents.ts";
import type { DatasetWriter } from "../../shared/dataset/index.ts";
import { proposalUndoManager } from "../../shared/proposal/index.ts";
import { type DatasetSession, REFUSALS } from "../collab/datasetSession.ts";
import { moveToFreshSocket, SOCKET_RETRY } from "../collab/freshSocket.ts";
import { HandshakeFirstProvider } from "../collab/handshakeFirstProvider.ts";
import { localCopyName } from "../collab/localCopies.ts";
import { type BoundsSource, SyncWatchdog } from "../collab/syncWatchdog.ts";
import type { KeptDraft, KeptProposal } from "./contributorStore.ts";
import { ProposalPreview } from "./proposalPreview.ts";
import { proposalWriter } from "./proposalWriter.ts";

export const CONTRIBUTOR_ORIGIN = { source: "local-contributor" } as const;

export type ProposalSyncState = {
  status: "connecting" | "connected" | "disconnected";
  /** The server has this proposal (a draft started offline has not been created there yet). */
  onServer: boolean;
  synced: boolean;
  unsynced: number;
  /** Withdrawn or decided: the server takes no more changes to it. */
  closed: boolean;
  /** Connected, but changes do not reach the server even after fresh sockets (syncWatchdog.ts). */
  stuck: boolean;
  /**
   * The server refused a change from this device (its close reason, e.g. too many changes): the
   * session stops reconnecting, as resending would only be refused again; the changes stay here.
   */
  refused: string | null;
  /** Edits not made because the suggestion would have held more changes than the server accepts (P15). */
  overLimit: number;
};

/** Where a local copy keeps the proposal the server created for it (y-indexeddb's own key-value store). */
const KEPT_PROPOSAL = "proposal";

/** How often the watchdog looks at the connection. */
const WATCH_EVERY_MS = 1_000;

export class ProposalSession {
  readonly datasetId: string;
  readonly localCopy: string;
  readonly doc: Y.Doc;
  readonly preview: ProposalPreview;
  readonly writer: DatasetWriter;
  readonly undo: Y.UndoManager;
  private readonly idb: IndexeddbPersistence | null;
  private readonly url: string;
  private readonly watchdog: SyncWatchdog;
  private readonly watching: ReturnType<typeof setInterval>;
  private link: { kept: KeptProposal; socket: HocuspocusProviderWebsocket; provider: HandshakeFirstProvider } | null =
    null;
  private localCopyCleared = false;
  private destroyed = false;
  private state: ProposalSyncState = {
    status: "disconnected",
    onServer: false,
    synced: false,
    unsynced: 0,
    closed: false,
    stuck: false,
    refused: null,
    overLimit: 0,
  };
  private readonly listeners = new Set<(state: ProposalSyncState) => void>();

  /** `watchdog`: the stuck-sync bounds, as for the dataset's session. */
  static async open(
    draft: KeptDraft,
    live: DatasetSession,
    url: string,
    watchdog: BoundsSource = {},
  ): Promise<ProposalSession> {
    const doc = new Y.Doc();
    let idb: IndexeddbPersistence | null = null;
    if (typeof indexedDB !== "undefined") {
      idb = new IndexeddbPersistence(localCopyName(draft.localCopy), doc);
      await idb.whenSynced;
    }
    const session = new ProposalSession(draft, live, url, doc, idb, watchdog);
    if (draft.proposal) session.connect(draft.proposal);
    return session;
  }

  private constructor(
    draft: KeptDraft,
    live: DatasetSession,
    url: string,
    doc: Y.Doc,
    idb: IndexeddbPersistence | null,
    watchdog: BoundsSource,
  ) {
    this.datasetId = draft.datasetId;
    this.localCopy = draft.localCopy;
    this.watchdog = new SyncWatchdog(watchdog);
    this.doc = doc;
    this.idb = idb;
    this.preview = new ProposalPreview(live, doc);
    this.writer = proposalWriter(this.preview, CONTRIBUTOR_ORIGIN, () =>
      this.patch({ overLimit: this.state.overLimit + 1 }),
    );
    this.undo = proposalUndoManager(doc, CONTRIBUTOR_ORIGIN);
    this.url = url;
    this.watching = setInterval(() => this.watch(), WATCH_EVERY_MS);
  }

  /** The proposal on the server, once it has been created there. */
  get kept(): KeptProposal | null {
    return this.link?.kept ?? null;
  }

  /** Synchronises with the proposal's document on the server (at once, or once a draft started offline is created). */
  connect(kept: KeptProposal): void {
    if (this.link || this.destroyed) return;
    const socket = this.createSocket();
    // Local edits wait for each handshake, as the dataset's own session does (issue 12, upstream #825, #183).
    const provider = new HandshakeFirstProvider({
      websocketProvider: socket,
      name: kept.documentName,
      document: this.doc,
      token: kept.token,
      onStatus: ({ status }) => this.patch({ status, ...(status !== "connected" ? { synced: false } : {}) }),
      onSynced: ({ state }) => this.patch({ synced: state }),
      onUnsyncedChanges: ({ number }) => this.patch({ unsynced: number }),
      // Withdrawn or decided: the server closes the document for writing (docs/PROPOSALS.md P11, P18).
      onAuthenticationFailed: () => this.patch({ closed: true }),
      onClose: ({ event }) => {
        if (!REFUSALS.has(event.code)) return;
        this.link?.socket.disconnect();
        this.patch({ refused: event.reason || closeEvents.invalidUpdate.reason, stuck: false });
      },
    });
    this.link = { kept, socket, provider };
    this.patch({ onServer: true, status: "connecting" });
    provider.attach();
  }

  /**
   * The proposal the server created for this local copy, kept with it: IndexedDB is the same for
   * every tab at once, where another tab's localStorage write may not have arrived yet.
   */
  async keptWithCopy(): Promise<KeptProposal | null> {
    const kept = await this.idb?.get(KEPT_PROPOSAL);
    return typeof kept === "string" ? (JSON.parse(kept) as KeptProposal) : null;
  }

  async keepWithCopy(kept: KeptProposal): Promise<void> {
    await this.idb?.set(KEPT_PROPOSAL, JSON.stringify(kept));
  }

  /** After being told it is stuck, the person asks to try again: a fresh socket, the watchdog from zero. */
  retry(): void {
    this.watchdog.reset();
    this.patch({ stuck: false });
    this.replaceSocket();
  }

  getState(): ProposalSyncState {
    return this.state;
  }

  subscribe(listener: (state: ProposalSyncState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits until the server holds every change made here (bounded by the caller). */
  async flushed(): Promise<void> {
    if (this.state.synced && this.state.unsynced === 0) return;
    await new Promise<void>((resolve) => {
      const off = this.subscribe((s) => {
        if (s.synced && s.unsynced === 0) {
          off();
          resolve();
        }
      });
    });
  }

  /** Forgets the local copy (after sending: the server holds the proposal). */
  async discardLocalCopy(): Promise<void> {
    this.localCopyCleared = true;
    await this.idb?.clearData();
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.watching);
    this.link?.provider.destroy();
    this.link?.socket.destroy();
    this.preview.destroy();
    this.undo.destroy();
    if (!this.localCopyCleared) void this.idb?.destroy();
    this.listeners.clear();
  }

  private createSocket(): HocuspocusProviderWebsocket {
    return new HocuspocusProviderWebsocket({ url: this.url, ...SOCKET_RETRY });
  }

  private replaceSocket(): void {
    const link = this.link;
    if (this.state.closed || this.state.refused || !link) return;
    link.socket = moveToFreshSocket(link.provider, link.socket, () => this.createSocket());
    this.patch({ status: "connecting", synced: false });
  }

  /** The same watch as the dataset's session (issue 12): a connection that does not sync gets a fresh socket. */
  private watch(): void {
    if (this.state.closed || this.state.refused || !this.link) return;
    const store = this.doc.store;
    const verdict = this.watchdog.observe(
      { ...this.state, pending: store.pendingStructs !== null || store.pendingDs !== null },
      Date.now(),
    );
    if (verdict.stuck !== this.state.stuck) this.patch({ stuck: verdict.stuck });
    if (verdict.recover) this.replaceSocket();
  }

  private patch(next: Partial<ProposalSyncState>) {
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener(this.state);
  }
}
