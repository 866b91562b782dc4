import Database from "better-sqlite3";
import { parseAnyDocumentName } from "../../shared/documentNames.ts";
import type { DatasetId } from "../../shared/ids.ts";
import type { Openness } from "../../shared/rights.ts";
import { snapshotRootOf } from "./snapshotFiles.ts";
import { sqliteAccountStores } from "./sqliteAccounts.ts";
import { sqliteChanges } from "./sqliteChanges.ts";
import { backgroundCheckpoints } from "./sqliteCheckpoints.ts";
import { sqliteEmbedSites } from "./sqliteEmbedSites.ts";
import { sqliteImportJobs } from "./sqliteImportJobs.ts";
import { sqliteMailQueue } from "./sqliteMailQueue.ts";
import { sqliteMigrations } from "./sqliteMigrations.ts";
import { sqliteNotificationReads } from "./sqliteNotifications.ts";
import { sqliteProposalMail } from "./sqliteProposalMail.ts";
import { sqliteProposalStore } from "./sqliteProposals.ts";
import { sqliteReadModel } from "./sqliteReadModel.ts";
import { sqliteRightsStore } from "./sqliteRights.ts";
import { sqliteWebhookStore } from "./sqliteWebhooks.ts";
import type { ChangeRecord, DatasetRecord, LogEntry, Storage } from "./types.ts";

type DatasetRow = {
  id: string;
  title: string;
  description: string;
  epoch: number;
  workspace_id: string | null;
  openness: string;
  created_at: string;
  updated_at: string;
};

const toRecord = (row: DatasetRow): DatasetRecord => ({
  id: row.id as DatasetId,
  title: row.title,
  description: row.description,
  epoch: row.epoch,
  workspaceId: row.workspace_id,
  openness: row.openness as Openness,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Opens (and migrates) the SQLite database at `file`. `backgroundCheckpoints`: for the server, whose
 * thread must not stop to copy the write-ahead log back (sqliteCheckpoints.ts). `readonly`: a
 * second process reading what the server writes (the API reader, server/apiReader); the server has
 * made and migrated the file, and any write through this storage throws.
 */
export function openSqliteStorage(
  file: string,
  options: { backgroundCheckpoints?: boolean; readonly?: boolean } = {},
): Storage {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) {
    db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode survives a process crash (kill -9); FULL would also survive power loss.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    migrate(db);
  }
  const checkpoints = options.backgroundCheckpoints ? backgroundCheckpoints(db, file) : null;

  const statements = {
    insertDataset: db.prepare(
      `INSERT INTO datasets (id, title, description, epoch, workspace_id, openness, created_at, updated_at)
       VALUES (@id, @title, @description, @epoch, @workspaceId, @openness, @createdAt, @updatedAt)`,
    ),
    listDatasets: db.prepare<[], DatasetRow>("SELECT * FROM datasets ORDER BY created_at DESC, id"),
    getDataset: db.prepare<[string], DatasetRow>("SELECT * FROM datasets WHERE id = ?"),
    updateSummary: db.prepare(
      "UPDATE datasets SET title = @title, description = @description, updated_at = max(updated_at, @updatedAt) WHERE id = @id AND (title <> @title OR description <> @description OR (@edited = 1 AND updated_at < @updatedAt))",
    ),
    nextEpoch: db.prepare<[string, string, number]>(
      "UPDATE datasets SET epoch = epoch + 1, updated_at = ? WHERE id = ? AND epoch = ?",
    ),
    setOpenness: db.prepare<[string, string]>("UPDATE datasets SET openness = ? WHERE id = ?"),
    setWorkspace: db.prepare<[string, string]>("UPDATE datasets SET workspace_id = ? WHERE id = ?"),
    deleteDataset: db.prepare<[string]>("DELETE FROM datasets WHERE id = ?"),
    deleteSnapshots: db.prepare<[string]>("DELETE FROM document_snapshots WHERE dataset_id = ?"),
    deleteUpdates: db.prepare<[string]>("DELETE FROM document_updates WHERE dataset_id = ?"),
    deleteGrants: db.prepare<[string]>("DELETE FROM grants WHERE resource_type = 'dataset' AND resource_id = ?"),
    getSnapshot: db.prepare<[string], { state: Buffer; updated_at: string }>(
      "SELECT state, updated_at FROM document_snapshots WHERE name = ?",
    ),
    getUpdates: db.prepare<[string], { update_data: Buffer }>(
      "SELECT update_data FROM document_updates WHERE name = ? ORDER BY id",
    ),
    append: db.prepare<[string, Uint8Array, string | null]>(
      "INSERT INTO document_updates (name, update_data, dataset_id) VALUES (?, ?, ?)",
    ),
    lastLogId: db.prepare<[string], { id: number | null }>("SELECT max(id) AS id FROM document_updates WHERE name = ?"),
    putSnapshot: db.prepare<[string, Uint8Array, string, string | null]>(
      "INSERT INTO document_snapshots (name, state, updated_at, dataset_id) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
    ),
    dropLog: db.prepare<[string, number]>("DELETE FROM document_updates WHERE name = ? AND id <= ?"),
    clearLog: db.prepare<[string]>("DELETE FROM document_updates WHERE name = ?"),
  };

  const changes = sqliteChanges(db);
  const appendOne = (name: string, update: Uint8Array, change: ChangeRecord | null | undefined) => {
    const datasetId = datasetOf(name);
    const id = Number(statements.append.run(name, update, datasetId).lastInsertRowid);
    if (change && datasetId) changes.record(datasetId, name, change);
    return id;
  };
  const append = db.transaction(appendOne);
  // One commit for many updates: each commit writes whole pages of the log and its indexes to the WAL.
  const appendAll = db.transaction((entries: LogEntry[]) => {
    for (const { name, update, change } of entries) appendOne(name, update, change);
  });
  const compact = db.transaction((name: string, snapshot: Uint8Array, uptoId: number) => {
    statements.putSnapshot.run(name, snapshot, new Date().toISOString(), datasetOf(name));
    statements.dropLog.run(name, uptoId);
  });
  const create = db.transaction((record: DatasetRecord, initialState: Uint8Array, documentName: string) => {
    statements.insertDataset.run(record);
    statements.putSnapshot.run(documentName, initialState, record.createdAt, record.id);
  });

  const replaceDocument = db.transaction((id: string, fromEpoch: number, state: Uint8Array, documentName: string) => {
    const now = new Date().toISOString();
    if (statements.nextEpoch.run(now, id, fromEpoch).changes === 0) return null;
    statements.putSnapshot.run(documentName, state, now, id);
    statements.clearLog.run(documentName);
    const row = statements.getDataset.get(id);
    return row ? toRecord(row) : null;
  });

  const deleteDataset = db.transaction((id: string) => {
    statements.deleteDataset.run(id);
    statements.deleteSnapshots.run(id);
    statements.deleteUpdates.run(id);
    statements.deleteGrants.run(id);
    changes.deleteOfDataset(id);
  });

  return {
    ...sqliteAccountStores(db),
    rights: sqliteRightsStore(db),
    changes: changes.log,
    proposals: sqliteProposalStore(db),
    notifications: sqliteNotificationReads(db),
    mailQueue: sqliteMailQueue(db),
    proposalMail: sqliteProposalMail(db),
    importJobs: sqliteImportJobs(db),
    embedSites: sqliteEmbedSites(db),
    readModel: sqliteReadModel(db, snapshotRootOf(file)),
    webhooks: sqliteWebhookStore(db),
    datasets: {
      create: (record, initialState, documentName) => {
        create(record, initialState, documentName);
      },
      list: () => statements.listDatasets.all().map(toRecord),
      get: (id) => {
        const row = statements.getDataset.get(id);
        return row ? toRecord(row) : null;
      },
      updateSummary: (id, summary, editedAt) => {
        const updatedAt = editedAt ?? new Date().toISOString();
        statements.updateSummary.run({ id, ...summary, updatedAt, edited: editedAt ? 1 : 0 });
      },
      setOpenness: (id, openness) => {
        statements.setOpenness.run(openness, id);
      },
      setWorkspace: (id, workspaceId) => {
        statements.setWorkspace.run(workspaceId, id);
      },
      replaceDocument: (id, fromEpoch, state, documentName) => replaceDocument(id, fromEpoch, state, documentName),
      delete: (id) => {
        deleteDataset(id);
      },
    },
    documents: {
      load: (name) => {
        const snapshot = statements.getSnapshot.get(name);
        return {
          snapshot: snapshot?.state ?? null,
          snapshotAt: snapshot?.updated_at ?? null,
          updates: statements.getUpdates.all(name).map((row) => row.update_data),
        };
      },
      append: (name, update, change) => append(name, update, change),
      appendAll: (entries) => {
        appendAll(entries);
      },
      lastLogId: (name) => statements.lastLogId.get(name)?.id ?? 0,
      compact: (name, snapshot, uptoId) => {
        compact(name, snapshot, uptoId);
      },
    },
    close: () => {
      if (!checkpoints) {
        db.close();
        return;
      }
      return checkpoints.stop().then(() => {
        db.close();
      });
    },
  };
}

/** The dataset a document belongs to (every kind of name in shared/documentNames.ts carries it), or null. */
const datasetOf = (name: string): string | null => parseAnyDocumentName(name)?.datasetId ?? null;

function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > sqliteMigrations.length) {
    throw new Error(`the database was written by a newer Data Patch (schema ${current} > ${sqliteMigrations.length})`);
  }
  db.transaction(() => {
    sqliteMigrations.slice(current).forEach((sql) => {
      db.exec(sql);
    });
    db.pragma(`user_version = ${sqliteMigrations.length}`);
  })();
}
