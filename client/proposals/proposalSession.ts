/**
 * One proposal being written in the browser: its own Yjs document, kept in IndexedDB (so it
 * survives a reload and works offline) and synchronised with the server under the proposal's
 * private capability, with the live dataset laid under it (ProposalPreview) and the contributor's
 * writer and undo history. The dataset's own session stays open beside it, read-only for this person.
 */
import { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import type { DatasetWriter } from "../../shared/dataset/index.ts";
import { proposalUndoManager } from "../../shared/proposal/index.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { HandshakeFirstProvider } from "../collab/handshakeFirstProvider.ts";
import { IDB_PREFIX } from "../collab/localCopies.ts";
import type { KeptProposal } from "./contributorStore.ts";
import { ProposalPreview } from "./proposalPreview.ts";
import { proposalWriter } from "./proposalWriter.ts";

export const CONTRIBUTOR_ORIGIN = { source: "local-contributor" } as const;

export type ProposalSyncState = { synced: boolean; unsynced: number; closed: boolean };

export class ProposalSession {
  readonly kept: KeptProposal;
  readonly doc: Y.Doc;
  readonly preview: ProposalPreview;
  readonly writer: DatasetWriter;
  readonly undo: Y.UndoManager;
  private readonly idb: IndexeddbPersistence | null;
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly provider: HandshakeFirstProvider;
  private localCopyCleared = false;
  private state: ProposalSyncState = { synced: false, unsynced: 0, closed: false };
  private readonly listeners = new Set<(state: ProposalSyncState) => void>();

  static async open(kept: KeptProposal, live: DatasetSession, url: string): Promise<ProposalSession> {
    const doc = new Y.Doc();
    let idb: IndexeddbPersistence | null = null;
    if (typeof indexedDB !== "undefined") {
      idb = new IndexeddbPersistence(IDB_PREFIX + kept.documentName, doc);
      await idb.whenSynced;
    }
    return new ProposalSession(kept, live, url, doc, idb);
  }

  private constructor(
    kept: KeptProposal,
    live: DatasetSession,
    url: string,
    doc: Y.Doc,
    idb: IndexeddbPersistence | null,
  ) {
    this.kept = kept;
    this.doc = doc;
    this.idb = idb;
    this.preview = new ProposalPreview(live, doc);
    this.writer = proposalWriter(this.preview, CONTRIBUTOR_ORIGIN);
    this.undo = proposalUndoManager(doc, CONTRIBUTOR_ORIGIN);
    this.socket = new HocuspocusProviderWebsocket({ url, delay: 500, minDelay: 250, maxDelay: 4000, factor: 1.5 });
    // Local edits wait for each handshake, as the dataset's own session does (issue 12, upstream #825, #183).
    this.provider = new HandshakeFirstProvider({
      websocketProvider: this.socket,
      name: kept.documentName,
      document: doc,
      token: kept.token,
      onSynced: ({ state }) => this.patch({ synced: state }),
      onUnsyncedChanges: ({ number }) => this.patch({ unsynced: number }),
      // Withdrawn or decided: the server closes the document for writing (docs/PROPOSALS.md P11, P18).
      onAuthenticationFailed: () => this.patch({ closed: true }),
    });
    this.provider.attach();
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
    this.provider.destroy();
    this.socket.destroy();
    this.preview.destroy();
    this.undo.destroy();
    if (!this.localCopyCleared) void this.idb?.destroy();
    this.listeners.clear();
  }

  private patch(next: Partial<ProposalSyncState>) {
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener(this.state);
  }
}
