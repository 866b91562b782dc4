/**
 * Where a URL or email cell links to, if anywhere: only http and https addresses (and mailto:
 * links) in URL columns, and plain addresses in email columns. Anything else — javascript:,
 * data:, a relative path, text kept after a retype — gets no link and shows as plain text.
 */
import type { CellValue, ColumnType } from "../../../shared/dataset/index.ts";

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
/** An address alone: no header (?), fragment, second address or anything a mailto: link would read as more. */
const ADDRESS = /^[^\s@?#&%/:;,<>"'\\]+@[^\s@?#&%/:;,<>"'\\]+\.[^\s@?#&%/:;,<>"'\\]+$/u;

export function linkHref(type: ColumnType, value: CellValue): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (type === "email") return ADDRESS.test(text) ? `mailto:${text}` : null;
  if (type !== "url") return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== "mailto:" && url.hostname === "") return null;
  return url.href;
}
