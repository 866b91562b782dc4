/**
 * The storage contract. All SQL lives behind it: SQLite (better-sqlite3) is the embedded default,
 * and a PostgreSQL implementation only has to provide these methods. Methods may return a value
 * or a promise; callers always await them.
 */
import type { DatasetId } from "../../shared/ids.ts";
import type { Openness } from "../../shared/rights.ts";
import type { AccountStores } from "./accountTypes.ts";
import type { EmbedSiteStore } from "./embedSiteTypes.ts";
import type { ImportJobStore } from "./importJobTypes.ts";
import type { MailQueueStore } from "./mailQueueTypes.ts";
import type { NotificationReads } from "./notificationTypes.ts";
import type { ProposalMailStore } from "./proposalMailTypes.ts";
import type { ProposalStore } from "./proposalTypes.ts";
import type { ReadModelStore } from "./readModelTypes.ts";
import type { RightsStore } from "./rightsTypes.ts";
import type { WebhookStore } from "./webhookTypes.ts";

export interface DatasetRecord {
  id: DatasetId;
  title: string;
  description: string;
  /** Grows when the dataset's document is reset or replaced; part of the document name. */
  epoch: number;
  /** The workspace holding the dataset; null only for datasets made before workspaces existed. */
  workspaceId: string | null;
  openness: Openness;
  createdAt: string;
  updatedAt: string;
}

export interface StoredDocument {
  /** The last compacted full state (Yjs update, V1), or null for a document never compacted. */
  snapshot: Uint8Array | null;
  /** When that snapshot was written (ISO 8601), or null. */
  snapshotAt: string | null;
  /** Updates appended since that snapshot, oldest first. */
  updates: Uint8Array[];
}

export type MaybePromise<T> = T | Promise<T>;

/** Who made a change to a canonical dataset document. */
export type Actor =
  | { kind: "user"; userId: string }
  | { kind: "token"; tokenId: string }
  /** A visitor without an account: a proposal contributor's id, or a salted hash of their address. */
  | { kind: "anonymous"; contributorId: string }
  | { kind: "proposal"; proposalId: string; number: number; moderatorId: string }
  /** The server itself: schema upgrades, repairs. */
  | { kind: "server"; reason: string };

/** What one applied update touched, and who made it: the durable, compact attribution record. */
export type ChangeRecord = {
  actor: Actor;
  /** Cell entries written or deleted: `rowId:columnId`, `rowId:_pos` (added, moved), `rowId:_del` (deleted, restored). */
  cells: string[];
  /** Row blocks added (their rows are read from the document). */
  blocks: string[];
  /** Columns or metadata changed. */
  structure: boolean;
};

export type StoredChange = ChangeRecord & { id: number; documentName: string; at: string };

/** The attribution log: one entry per change applied to a canonical document, never compacted. */
export interface ChangeLog {
  /** A dataset's changes, oldest first, with ids above `afterId`. */
  list(datasetId: DatasetId, options?: { afterId?: number; limit?: number }): MaybePromise<StoredChange[]>;
}

export interface DatasetRegistry {
  create(record: DatasetRecord, initialState: Uint8Array, documentName: string): MaybePromise<void>;
  list(): MaybePromise<DatasetRecord[]>;
  get(id: DatasetId): MaybePromise<DatasetRecord | null>;
  /**
   * Writes only when the title or description differ, or `editedAt` (an ISO time: the last edit) is
   * later than the updated time, which then becomes it (it runs on every document store).
   */
  updateSummary(
    id: DatasetId,
    summary: Pick<DatasetRecord, "title" | "description">,
    editedAt?: string,
  ): MaybePromise<void>;
  setOpenness(id: DatasetId, openness: Openness): MaybePromise<void>;
  setWorkspace(id: DatasetId, workspaceId: string): MaybePromise<void>;
  /**
   * Moves the dataset to epoch `fromEpoch + 1`, whose document (`documentName`) starts as `state`,
   * atomically. Returns the updated record, or null if the dataset is gone or no longer at
   * `fromEpoch`. Earlier epochs' documents stay stored until the dataset is deleted.
   */
  replaceDocument(
    id: DatasetId,
    fromEpoch: number,
    state: Uint8Array,
    documentName: string,
  ): MaybePromise<DatasetRecord | null>;
  /** Deletes the dataset, its documents (every epoch, its proposals), its proposals and the grants on it. */
  delete(id: DatasetId): MaybePromise<void>;
}

/** An update to append to a document's log, with its attribution record. */
export type LogEntry = { name: string; update: Uint8Array; change?: ChangeRecord | null };

/**
 * Document persistence as a snapshot plus an append-only log. Every update is appended before the
 * server acknowledges it; compaction folds the log into a new snapshot in the background.
 */
export interface DocumentStore {
  load(name: string): MaybePromise<StoredDocument>;
  /** Appends one update, and its attribution record in the same transaction. Returns its log id (ids grow). */
  append(name: string, update: Uint8Array, change?: ChangeRecord | null): MaybePromise<number>;
  /** Appends several updates (of any documents), in this order, in one transaction: all or none. */
  appendAll(entries: LogEntry[]): MaybePromise<void>;
  /** The highest log id of a document, or 0. */
  lastLogId(name: string): MaybePromise<number>;
  /** Replaces the snapshot and drops log entries with id <= uptoId, atomically. */
  compact(name: string, snapshot: Uint8Array, uptoId: number): MaybePromise<void>;
}

export interface Storage extends AccountStores {
  datasets: DatasetRegistry;
  rights: RightsStore;
  documents: DocumentStore;
  changes: ChangeLog;
  proposals: ProposalStore;
  notifications: NotificationReads;
  mailQueue: MailQueueStore;
  /** Moderators' email choices about new proposals, and their digests. */
  proposalMail: ProposalMailStore;
  importJobs: ImportJobStore;
  /** Sites allowed to frame each dataset's embed. */
  embedSites: EmbedSiteStore;
  /** Published snapshots, derived from the documents (server/readModel). */
  readModel: ReadModelStore;
  /** Webhook endpoints, their deliveries and change cursors (server/webhooks). */
  webhooks: WebhookStore;
  close(): MaybePromise<void>;
}
