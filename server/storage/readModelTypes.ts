/**
 * The read model's storage: per dataset, the files of its latest published snapshot (JSON, CSV,
 * GeoJSON, the internal model the API queries and the metadata and columns alone), published files
 * precompressed. Derived data: rebuilt from the document whenever it is missing or behind, never
 * written by a read.
 */
import type { DatasetId } from "../../shared/ids.ts";
import type { StagedSnapshot } from "./snapshotFiles.ts";
import type { MaybePromise } from "./types.ts";

export const snapshotFormats = ["meta", "model", "json", "csv", "geojson"] as const;
export type SnapshotFormat = (typeof snapshotFormats)[number];
export const snapshotEncodings = ["identity", "gzip", "br"] as const;
export type SnapshotEncoding = (typeof snapshotEncodings)[number];

/** What identifies a stored snapshot: the document state it was built from. */
export type SnapshotVersion = {
  /** Strong ETag value (without quotes): epoch and a hash of the document's state vector. */
  etag: string;
  epoch: number;
  /** When it was built (ISO 8601). */
  builtAt: string;
  rowCount: number;
  /** Bytes of the model file (the rows API makes large datasets' pages in a worker thread). */
  modelBytes: number;
  /** Formats stored (geojson only when the dataset has latitude and longitude columns). */
  formats: SnapshotFormat[];
};

/** One file in each encoding; an empty body is an encoding not stored (published files keep only gzip and brotli, the model and metadata only their plain bytes). */
export type SnapshotFile = { format: SnapshotFormat; identity: Uint8Array; gzip: Uint8Array; br: Uint8Array };

export interface ReadModelStore {
  /** Where builds write a snapshot's files (snapshotFiles.ts's stageSnapshot), from any thread. */
  readonly stagingDir: string;
  /** The stored snapshot's version, or null when none was built yet. */
  version(datasetId: DatasetId): MaybePromise<SnapshotVersion | null>;
  /** One file of the stored snapshot in one encoding, with the version it belongs to. */
  file(
    datasetId: DatasetId,
    format: SnapshotFormat,
    encoding: SnapshotEncoding,
  ): MaybePromise<{ version: SnapshotVersion; body: Uint8Array } | null>;
  /** Where one file of a stored version lies on this machine's disk (a worker thread reads it there). */
  pathOf(datasetId: DatasetId, version: SnapshotVersion, format: SnapshotFormat, encoding: SnapshotEncoding): string;
  /** Makes a staged snapshot the dataset's current one, atomically; the one before is deleted. */
  publish(staged: StagedSnapshot): MaybePromise<void>;
  /** Deletes a staged snapshot that will not be published. */
  discard(staged: StagedSnapshot): MaybePromise<void>;
  /** Stages and publishes (a snapshot built on this thread). */
  put(datasetId: DatasetId, version: SnapshotVersion, files: SnapshotFile[]): MaybePromise<void>;
  /** On start: deletes files no version names and staging left by a crash, forgets versions whose files are gone. */
  tidy(): MaybePromise<void>;
  delete(datasetId: DatasetId): MaybePromise<void>;
}
