import type * as Y from "yjs";
import { limits } from "../limits.ts";
import { metaMap } from "./maps.ts";
import { type DatasetMeta, metaFields } from "./schema.ts";

export function readMeta(doc: Y.Doc): DatasetMeta {
  const map = metaMap(doc);
  const text = (key: string) => {
    const value = map.get(key);
    return typeof value === "string" ? value : "";
  };
  return { title: text("title"), description: text("description"), source: text("source"), licence: text("licence") };
}

export function updateMeta(doc: Y.Doc, patch: Partial<DatasetMeta>, origin: unknown): void {
  doc.transact(() => {
    const map = metaMap(doc);
    for (const field of metaFields) {
      const value = patch[field];
      if (value === undefined) continue;
      if (value.length > limits.maxMetaChars)
        throw new RangeError(`${field} is longer than ${limits.maxMetaChars} characters`);
      if (map.get(field) !== value) map.set(field, value);
    }
  }, origin);
}
