/**
 * Published snapshots' files on disk, in a directory beside the database file:
 * `<root>/<dataset>/<etag>/<format>.<encoding>` for each dataset's current snapshot, and
 * `<root>/.staging/<random>/` for one being written. Plain file-system calls only, so the build
 * worker writes a large snapshot itself (~10 MB at 10,000 rows): written into the database from
 * the server's thread, that stopped everyone's edits for 10–60 ms about once a second.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import type { DatasetId } from "../../shared/ids.ts";
import type { SnapshotEncoding, SnapshotFile, SnapshotFormat, SnapshotVersion } from "./readModelTypes.ts";

/** A snapshot's files written (and synced) in a staging directory, not yet the dataset's current one. */
export type StagedSnapshot = { datasetId: DatasetId; version: SnapshotVersion; dir: string };

const STAGING = ".staging";

/** The snapshot files' directory beside a database file (`data/data-patch.sqlite` → `data/data-patch-snapshots`). */
export const snapshotRootOf = (databaseFile: string) => databaseFile.replace(/(\.sqlite)?$/, "-snapshots");

export const stagingDirOf = (root: string) => path.join(root, STAGING);

/** Ids and ETags are made by the server ([A-Za-z0-9_-]); anything else never becomes a path. */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
function safe(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`not a snapshot file name: ${JSON.stringify(name)}`);
  return name;
}

export const fileNameOf = (format: SnapshotFormat, encoding: SnapshotEncoding) => `${format}.${encoding}`;
export const datasetDirOf = (root: string, datasetId: string) => path.join(root, safe(datasetId));
export const versionDirOf = (root: string, datasetId: string, etag: string) =>
  path.join(datasetDirOf(root, datasetId), safe(etag));

/**
 * Writes a built snapshot's files into a new staging directory, each synced to disk before this
 * resolves: once published (renamed into place) a snapshot's files are whole even after a power cut.
 * Encodings with an empty body are not stored.
 */
export async function stageSnapshot(
  stagingDir: string,
  datasetId: DatasetId,
  built: { version: SnapshotVersion; files: SnapshotFile[] },
): Promise<StagedSnapshot> {
  const dir = path.join(stagingDir, randomUUID());
  await mkdir(dir, { recursive: true });
  try {
    const writes = built.files.flatMap((file) =>
      (["identity", "gzip", "br"] as const)
        .filter((encoding) => file[encoding].byteLength > 0)
        .map((encoding) => writeSynced(path.join(dir, fileNameOf(file.format, encoding)), file[encoding])),
    );
    await Promise.all(writes);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { datasetId, version: built.version, dir };
}

async function writeSynced(file: string, body: Uint8Array): Promise<void> {
  const handle = await open(file, "wx");
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
