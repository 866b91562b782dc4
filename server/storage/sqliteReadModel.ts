/**
 * The read model's store: each dataset's current snapshot version in SQLite (one small row), its
 * files on disk beside the database (snapshotFiles.ts). A version names its files' directory, which
 * never changes once published, so a file read always matches the version it is served with.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type Database from "better-sqlite3";
import type { ReadModelStore, SnapshotFormat, SnapshotVersion } from "./readModelTypes.ts";
import {
  datasetDirOf,
  fileNameOf,
  type StagedSnapshot,
  stageSnapshot,
  stagingDirOf,
  versionDirOf,
} from "./snapshotFiles.ts";

type VersionRow = {
  etag: string;
  epoch: number;
  built_at: string;
  row_count: number;
  model_bytes: number;
  formats: string;
};

const toVersion = (row: VersionRow): SnapshotVersion => ({
  etag: row.etag,
  epoch: row.epoch,
  builtAt: row.built_at,
  rowCount: row.row_count,
  modelBytes: row.model_bytes,
  formats: row.formats.split(" ") as SnapshotFormat[],
});

/** `root`: the snapshot files' directory (snapshotRootOf the database file). */
export function sqliteReadModel(db: Database.Database, root: string): ReadModelStore {
  const statements = {
    version: db.prepare<[string], VersionRow>(
      "SELECT etag, epoch, built_at, row_count, model_bytes, formats FROM read_snapshots WHERE dataset_id = ?",
    ),
    all: db.prepare<[], { dataset_id: string; etag: string }>("SELECT dataset_id, etag FROM read_snapshots"),
    putVersion: db.prepare(
      `INSERT INTO read_snapshots (dataset_id, etag, epoch, built_at, row_count, model_bytes, formats)
       VALUES (@datasetId, @etag, @epoch, @builtAt, @rowCount, @modelBytes, @formats)
       ON CONFLICT(dataset_id) DO UPDATE SET etag = excluded.etag, epoch = excluded.epoch,
         built_at = excluded.built_at, row_count = excluded.row_count, model_bytes = excluded.model_bytes,
         formats = excluded.formats`,
    ),
    deleteVersion: db.prepare<[string]>("DELETE FROM read_snapshots WHERE dataset_id = ?"),
  };
  const stagingDir = stagingDirOf(root);
  const versionOf = (datasetId: string) => {
    const row = statements.version.get(datasetId);
    return row ? toVersion(row) : null;
  };

  /** The dataset's directories but `keep`'s: older versions (readers holding one read again). */
  function othersThan(datasetId: string, keep: string): string[] {
    const dir = datasetDirOf(root, datasetId);
    return (existsSync(dir) ? readdirSync(dir) : [])
      .filter((name) => name !== keep)
      .map((name) => path.join(dir, name));
  }

  async function publish(staged: StagedSnapshot): Promise<void> {
    const { datasetId, version } = staged;
    try {
      const target = versionDirOf(root, datasetId, version.etag);
      // Renamed and recorded in one turn of the event loop: no read or tidy in this process sees one without the other.
      mkdirSync(datasetDirOf(root, datasetId), { recursive: true });
      rmSync(target, { recursive: true, force: true });
      renameSync(staged.dir, target);
      statements.putVersion.run({ datasetId, ...version, formats: version.formats.join(" ") });
    } catch (error) {
      await rm(staged.dir, { recursive: true, force: true });
      throw error;
    }
    await Promise.all(othersThan(datasetId, version.etag).map((dir) => rm(dir, { recursive: true, force: true })));
  }

  return {
    stagingDir,
    version: versionOf,
    async file(datasetId, format, encoding) {
      // A newer snapshot published between the version's read and the file's deletes the older
      // files: read again, from the newer one.
      for (let attempt = 0; attempt < 2; attempt++) {
        const version = versionOf(datasetId);
        if (!version) return null;
        try {
          const body = await readFile(
            path.join(versionDirOf(root, datasetId, version.etag), fileNameOf(format, encoding)),
          );
          return { version, body };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
      }
      return null;
    },
    pathOf: (datasetId, version, format, encoding) =>
      path.join(versionDirOf(root, datasetId, version.etag), fileNameOf(format, encoding)),
    publish,
    discard: (staged) => rm(staged.dir, { recursive: true, force: true }),
    put: async (datasetId, version, files) => publish(await stageSnapshot(stagingDir, datasetId, { version, files })),
    tidy() {
      rmSync(stagingDir, { recursive: true, force: true });
      const current = new Map(statements.all.all().map((row) => [row.dataset_id, row.etag]));
      for (const datasetId of existsSync(root) ? readdirSync(root) : []) {
        const etag = current.get(datasetId);
        if (!etag) rmSync(path.join(root, datasetId), { recursive: true, force: true });
      }
      for (const [datasetId, etag] of current) {
        if (!existsSync(versionDirOf(root, datasetId, etag))) statements.deleteVersion.run(datasetId);
        else for (const dir of othersThan(datasetId, etag)) rmSync(dir, { recursive: true, force: true });
      }
    },
    async delete(datasetId) {
      statements.deleteVersion.run(datasetId);
      await rm(datasetDirOf(root, datasetId), { recursive: true, force: true });
    },
  };
}
