/** The read model's snapshots in SQLite: one row per dataset and format, each encoding a column. */
import type Database from "better-sqlite3";
import type { DatasetId } from "../../shared/ids.ts";
import type { ReadModelStore, SnapshotEncoding, SnapshotFormat, SnapshotVersion } from "./readModelTypes.ts";

type VersionRow = { etag: string; epoch: number; built_at: string; row_count: number; formats: string };

const toVersion = (row: VersionRow): SnapshotVersion => ({
  etag: row.etag,
  epoch: row.epoch,
  builtAt: row.built_at,
  rowCount: row.row_count,
  formats: row.formats.split(" ") as SnapshotFormat[],
});

const bodyColumn: Record<SnapshotEncoding, string> = { identity: "body", gzip: "body_gzip", br: "body_br" };

export function sqliteReadModel(db: Database.Database): ReadModelStore {
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
    version: (datasetId: DatasetId) => {
      const row = statements.version.get(datasetId);
      return row ? toVersion(row) : null;
    },
    file: (datasetId, format, encoding) => file(datasetId, format, encoding),
    put: (datasetId, version, files) => {
      put(datasetId, version, files);
    },
    delete: (datasetId) => {
      remove(datasetId);
    },
  };
}
