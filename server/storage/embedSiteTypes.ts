/** Storage contract for the sites allowed to show a dataset's embed in a frame (CSP frame-ancestors). */
import type { DatasetId } from "../../shared/ids.ts";
import type { MaybePromise } from "./types.ts";

export interface EmbedSiteStore {
  /** The sites (origins such as `https://example.org`) allowed to frame the embed; empty: any site. */
  list(datasetId: DatasetId): MaybePromise<string[]>;
  /** Replaces the list; an empty list allows any site again. */
  replace(datasetId: DatasetId, sites: string[]): MaybePromise<void>;
}
