import type * as Y from "yjs";
import { limits } from "../limits.ts";
import { metaMap } from "./maps.ts";
import { isUpdateFrequency } from "./openData.ts";
import type { ReportProblem } from "./problems.ts";
import { type DatasetMeta, metaFields } from "./schema.ts";

const metaKeys = new Set<string>([...metaFields, "schemaVersion"]);

/** The metadata; a field that is not text reads as empty and is passed to `report`. */
export function readMeta(doc: Y.Doc, report?: ReportProblem): DatasetMeta {
  const map = metaMap(doc);
  const text = (key: string) => {
    const value = map.get(key);
    if (typeof value === "string") return value;
    if (value !== undefined) report?.({ where: "meta", key, reason: "the value is not text" });
    return "";
  };
  if (report) {
    const version = map.get("schemaVersion");
    if (version !== undefined && typeof version !== "number")
      report({ where: "meta", key: "schemaVersion", reason: "the schema version is not a number" });
    for (const key of map.keys()) if (!metaKeys.has(key)) report({ where: "meta", key, reason: "unknown metadata" });
  }
  const frequencyText = text("frequency");
  const frequency = isUpdateFrequency(frequencyText) ? frequencyText : "";
  if (frequencyText && !frequency)
    report?.({ where: "meta", key: "frequency", reason: "not a known update frequency" });
  return {
    title: text("title"),
    description: text("description"),
    source: text("source"),
    licence: text("licence"),
    licenceUrl: text("licenceUrl"),
    keywords: text("keywords"),
    frequency,
    spatial: text("spatial"),
    spatialUri: text("spatialUri"),
  };
}

/** The keywords as a list: split on commas, trimmed, empty ones and repeats (ignoring case) left out. */
export function keywordList(keywords: string): string[] {
  const seen = new Set<string>();
  const list: string[] = [];
  for (const part of keywords.split(",")) {
    const keyword = part.trim().replace(/\s+/g, " ");
    const folded = keyword.toLocaleLowerCase();
    if (!keyword || seen.has(folded)) continue;
    seen.add(folded);
    list.push(keyword);
  }
  return list;
}

/** Keywords as stored: the list joined with ", " (what `keywordList` reads back the same). */
export const formatKeywords = (keywords: string): string => keywordList(keywords).join(", ");

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

/** Metadata with every field empty (a base to spread the fields one sets over). */
export const emptyMeta = (): DatasetMeta =>
  Object.fromEntries(metaFields.map((f) => [f, ""])) as unknown as DatasetMeta;
