/** What every export writes: the dataset's metadata, columns in order and live rows in order, read once. */
import type { Column, DatasetMeta, Row } from "../../shared/dataset/index.ts";

export type ExportTable = { meta: DatasetMeta; columns: readonly Column[]; rows: readonly Row[] };

/** Rows are written in slices of this many, so an export never builds the whole file as one string. */
export const CHUNK_ROWS = 1000;
