/**
 * The read model's snapshots in SQLite: one row per dataset and format, each encoding a column, in
 * a database file of their own beside the server's. Its ~10 MB writes per rebuild of a large dataset
 * are made by the build worker's own connection (server/readModel/buildWorker.ts): in the server's
 * file they would hold its write lock, and so everyone's edits, for tens of milliseconds a second.
 * Derived data: the file may be deleted, every snapshot is rebuilt on start.
 */
import Database from "better-sqlite3";
import type { DatasetId } from "../../shared/ids.ts";
import type {
  ReadModelLocation,
  ReadModelStore,
  SnapshotEncoding,
  SnapshotFormat,
  SnapshotVersion,
} from "./readModelTypes.ts";

type VersionRow = { etag: string; epoch: number; built_at: string; row_count: number; formats: string };

const toVersion = (row: VersionRow): SnapshotVersion => ({
  etag: row.etag,
  epoch: row.epoch,
  builtAt: row.built_at,
  rowCount: row.row_count,
  formats: (row.formats ? row.formats.split(" ") : []) as SnapshotFormat[],
});

const bodyColumn: Record<SnapshotEncoding, string> = { identity: "body", gzip: "body_gzip", br: "body_br" };

/** Bumped when the tables below change: an older file's snapshots are dropped and rebuilt. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE read_snapshots (
    dataset_id TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    built_at TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    formats TEXT NOT NULL
  ) STRICT;
  CREATE TABLE read_snapshot_files (
    dataset_id TEXT NOT NULL,
    format TEXT NOT NULL,
    body BLOB NOT NULL,
    body_gzip BLOB NOT NULL,
    body_br BLOB NOT NULL,
    PRIMARY KEY (dataset_id, format)
  ) STRICT;
`;

/** The read model's file beside the server's database file (in memory beside an in-memory one). */
export const readModelFileOf = (databaseFile: string) =>
  databaseFile === ":memory:" ? ":memory:" : databaseFile.replace(/(\.sqlite)?$/, "-read-model.sqlite");

/** Opens (creating or resetting when needed) the read model's database file. */
export function openReadModelDatabase(file: string): Database.Database {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.transaction(() => {
    if (db.pragma("user_version", { simple: true }) === SCHEMA_VERSION) return;
    db.exec("DROP TABLE IF EXISTS read_snapshot_files; DROP TABLE IF EXISTS read_snapshots;");
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  return db;
}

/** A worker's own connection to the store at `location` (the build worker writes through it). */
export function openReadModelAt(location: ReadModelLocation): { store: ReadModelStore; close(): void } {
  const db = openReadModelDatabase(location.file);
  return { store: sqliteReadModel(db, null), close: () => db.close() };
}

export function sqliteReadModel(db: Database.Database, workerLocation: ReadModelLocation | null): ReadModelStore {
  const statements = {
    version: db.prepare<[string], VersionRow>(
      "SELECT etag, epoch, built_at, row_count, formats FROM read_snapshots WHERE dataset_id = ?",
    ),
    file: Object.fromEntries(
      Object.entries(bodyColumn).map(([encoding, column]) => [
        encoding,
        db.prepare<[string, string], { body: Buffer }>(
          `SELECT ${column} AS body FROM read_snapshot_files WHERE dataset_id = ? AND format = ?`,
        ),
      ]),
    ) as Record<SnapshotEncoding, Database.Statement<[string, string], { body: Buffer }>>,
    putVersion: db.prepare(
      `INSERT INTO read_snapshots (dataset_id, etag, epoch, built_at, row_count, formats)
       VALUES (@datasetId, @etag, @epoch, @builtAt, @rowCount, @formats)
       ON CONFLICT(dataset_id) DO UPDATE SET etag = excluded.etag, epoch = excluded.epoch,
         built_at = excluded.built_at, row_count = excluded.row_count, formats = excluded.formats`,
    ),
    putFile: db.prepare<[string, string, Uint8Array, Uint8Array, Uint8Array]>(
      "INSERT INTO read_snapshot_files (dataset_id, format, body, body_gzip, body_br) VALUES (?, ?, ?, ?, ?)",
    ),
    deleteFiles: db.prepare<[string]>("DELETE FROM read_snapshot_files WHERE dataset_id = ?"),
    deleteVersion: db.prepare<[string]>("DELETE FROM read_snapshots WHERE dataset_id = ?"),
  };

  const put = db.transaction(
    (datasetId: string, version: SnapshotVersion, files: Parameters<ReadModelStore["put"]>[2]) => {
      statements.putVersion.run({ datasetId, ...version, formats: version.formats.join(" ") });
      statements.deleteFiles.run(datasetId);
      for (const file of files) statements.putFile.run(datasetId, file.format, file.identity, file.gzip, file.br);
    },
  );
  const remove = db.transaction((datasetId: string) => {
    statements.deleteFiles.run(datasetId);
    statements.deleteVersion.run(datasetId);
  });
  // One read transaction, so the file and the version it is served with always match.
  const file = db.transaction((datasetId: string, format: SnapshotFormat, encoding: SnapshotEncoding) => {
    const row = statements.version.get(datasetId);
    const body = row && statements.file[encoding].get(datasetId, format)?.body;
    return row && body ? { version: toVersion(row), body } : null;
  });

  return {
    workerLocation,
    version: (datasetId: DatasetId) => {
      const row = statements.version.get(datasetId);
      return row ? toVersion(row) : null;
    },
    file: (datasetId, format, encoding) => file(datasetId, format, encoding),
    put: (datasetId, version, files) => {
      put(datasetId, version, files);
    },
    putBy: (_datasetId, write) => write(),
    delete: (datasetId) => {
      remove(datasetId);
    },
  };
}
