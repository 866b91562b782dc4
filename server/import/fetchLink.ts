/**
 * Fetches a link for an import without letting it reach the server's own network (SSRF): every
 * address is checked where the connection is made (server/net/guardedLookup.ts) and again on every
 * redirect, followed by hand (at most 5). No cookies or credentials are sent; the body is cut at
 * `maxBytes` and the whole fetch at `timeoutMs`.
 */
import http from "node:http";
import https from "node:https";
import { checkUrl, guardedLookup, RefusedAddress, type Resolve, systemResolve } from "../net/guardedLookup.ts";
import { ImportError } from "./importError.ts";
import { MAX_FILE_BYTES } from "./readFile.ts";

export type FetchOptions = {
  /** Tests only: reach loopback and private addresses, and plain http. */
  allowLocal?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Name resolution (tests give their own); dns.lookup by default. */
  resolve?: Resolve;
};

export type Fetched = { bytes: Uint8Array; contentType: string; finalUrl: URL };

export async function fetchLink(start: URL, options: FetchOptions = {}): Promise<Fetched> {
  const { allowLocal = false, maxBytes = MAX_FILE_BYTES, timeoutMs = 30_000, maxRedirects = 5 } = options;
  const resolve = options.resolve ?? systemResolve;
  const deadline = AbortSignal.timeout(timeoutMs);
  let url = start;
  for (let hop = 0; ; hop++) {
    const why = checkUrl(url, { allowLocal });
    if (why)
      throw new ImportError(
        "link-refused",
        why.startsWith("only")
          ? "The link cannot be fetched: only https links are."
          : `The link cannot be fetched: ${why}.`,
        why.startsWith("only") ? { context: "https" } : { context: "address", why },
      );
    const response = await request(url, { allowLocal, resolve, signal: deadline, maxBytes });
    if (response.redirect) {
      if (hop >= maxRedirects)
        throw new ImportError("link-refused", "The link redirects too many times.", {
          context: "redirects",
        });
      url = new URL(response.redirect, url);
      continue;
    }
    return { bytes: response.bytes as Uint8Array, contentType: response.contentType, finalUrl: url };
  }
}

type Response = { redirect?: string; bytes?: Uint8Array; contentType: string };

function request(
  url: URL,
  {
    allowLocal,
    resolve,
    signal,
    maxBytes,
  }: Required<Pick<FetchOptions, "allowLocal" | "resolve" | "maxBytes">> & {
    signal: AbortSignal;
  },
): Promise<Response> {
  const lookup = guardedLookup({ allowLocal, resolve });
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Response>((done, fail) => {
    const req = client.request(
      url,
      {
        method: "GET",
        lookup,
        signal,
        agent: false,
        headers: { accept: "text/csv, application/json, application/geo+json, */*", "user-agent": "Data Patch import" },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers["content-type"] ?? "");
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          done({ redirect: res.headers.location, contentType });
          return;
        }
        if (status !== 200) {
          res.resume();
          fail(
            new ImportError("link-failed", `The link answered ${status}${status === 404 ? " (not found)" : ""}.`, {
              context: status === 404 ? "notFound" : "status",
              status,
            }),
          );
          return;
        }
        if (/^text\/html/i.test(contentType)) {
          res.resume();
          fail(
            new ImportError(
              "link-is-a-page",
              "The link leads to a web page, not a file. For a Google Sheet, share it with anyone who has the link.",
            ),
          );
          return;
        }
        const declared = Number(res.headers["content-length"] ?? 0);
        if (declared > maxBytes) {
          res.destroy();
          fail(tooLarge(maxBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            fail(tooLarge(maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => done({ bytes: new Uint8Array(Buffer.concat(chunks)), contentType }));
        res.on("error", (error) => fail(failure(error, signal)));
      },
    );
    req.on("error", (error) => fail(failure(error, signal)));
    req.end();
  });
}

const tooLarge = (maxBytes: number) =>
  new ImportError("file-too-large", `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`, {
    maxMegabytes: Math.round(maxBytes / 1024 / 1024),
  });

function failure(error: Error, signal: AbortSignal): Error {
  if (error instanceof ImportError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof ImportError) return cause;
  const refused = error instanceof RefusedAddress ? error : cause instanceof RefusedAddress ? cause : null;
  if (refused)
    return new ImportError("link-refused", `The link cannot be fetched: ${refused.message}.`, {
      context: "address",
      why: refused.message,
    });
  if (signal.aborted) return new ImportError("link-timeout", "The link took too long to answer.");
  const code = (error as NodeJS.ErrnoException).code;
  const why = code ? (LINK_FAILURES[code] ?? "its site did not answer") : error.message;
  return new ImportError(
    "link-failed",
    `The link could not be fetched: ${why}${code ? ` (${code})` : ""}.`,
    code && LINK_FAILURES[code] ? { context: code, code } : { context: "other", why, code: code ?? "" },
  );
}

/** What the usual network failures mean to the person who pasted the link. */
const LINK_FAILURES: Record<string, string> = {
  ENOTFOUND: "no site has that name (check the address)",
  EAI_AGAIN: "the site's name could not be looked up just now (try again)",
  ECONNREFUSED: "the site refused the connection",
  ECONNRESET: "the site cut the connection",
  ETIMEDOUT: "the site did not answer in time",
  CERT_HAS_EXPIRED: "the site's certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the site's certificate is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the site's certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "the site's certificate is for another name",
};
