/**
 * What to fetch for a link a person pastes: a Google Sheets share link becomes its CSV export (of
 * the sheet the link shows, `gid`), a GitHub or GitLab file page becomes the raw file, and any
 * other https link is fetched as it is. The fetched URL is rebuilt from validated parts.
 */
import { ImportError } from "./importError.ts";

export type Link = { url: URL; fileName: string };

const SHEET_ID = /^[A-Za-z0-9_-]{10,100}$/;

export function resolveLink(input: string, { allowHttp = false } = {}): Link {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ImportError("bad-link", "The link is not a web address.", { context: "address" });
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:"))
    throw new ImportError("bad-link", "Only https links can be imported.", { context: "https" });
  if (url.username || url.password)
    throw new ImportError("bad-link", "The link must not carry a password.", { context: "password" });
  const parts = url.pathname.split("/").filter(Boolean);

  if (url.hostname === "docs.google.com" && parts[0] === "spreadsheets" && parts[1] === "d") {
    const id = parts[2] ?? "";
    if (!SHEET_ID.test(id))
      throw new ImportError("bad-link", "The Google Sheets link has no sheet id.", { context: "sheetId" });
    const gid = /(?:^|[#&?])gid=(\d+)/.exec(`${url.hash}&${url.search}`)?.[1];
    const sheet = new URL(`https://docs.google.com/spreadsheets/d/${id}/export`);
    sheet.searchParams.set("format", "csv");
    if (gid) sheet.searchParams.set("gid", gid);
    return { url: sheet, fileName: `${id}.csv` };
  }
  if (url.hostname === "github.com" && parts[2] === "blob" && parts.length >= 5) {
    const [owner, repo, , ref, ...path] = parts as [string, string, string, string, ...string[]];
    const raw = new URL(`https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${path.join("/")}`);
    return { url: raw, fileName: decodeURIComponent(path.at(-1) ?? "file") };
  }
  // GitLab (gitlab.com or self-hosted): …/<project>/-/blob/<ref>/<path> → …/-/raw/<ref>/<path>.
  const blob = parts.indexOf("-");
  if (blob > 0 && parts[blob + 1] === "blob" && parts.length > blob + 3) {
    const raw = new URL(url.origin);
    raw.pathname = `/${[...parts.slice(0, blob), "-", "raw", ...parts.slice(blob + 2)].join("/")}`;
    return { url: raw, fileName: decodeURIComponent(parts.at(-1) ?? "file") };
  }
  const plain = new URL(url);
  plain.hash = "";
  return { url: plain, fileName: decodeURIComponent(parts.at(-1) ?? url.hostname) };
}
