/**
 * What the API reader process serves: anonymous and token reads of /api/v1 and the DCAT catalogue,
 * which never touch a live document. Everything else stays with the collaboration process.
 */

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const READER_PATH = /^\/(?:api\/v1\/|catalog(?:\.jsonld|\.ttl)?(?:[?#]|$))/;

export function readerServes(method: string | undefined, url: string | undefined): boolean {
  return READ_METHODS.has(method ?? "") && READER_PATH.test(url ?? "");
}

/**
 * Whether a connection whose first chunk is `head` goes to the reader: one complete request head,
 * nothing after it (no body, no request pipelined behind it, so no byte arrives before the answer),
 * for something the reader serves, and no protocol upgrade.
 */
export function connectionGoesToReader(head: Buffer): boolean {
  const end = head.indexOf("\r\n\r\n");
  if (end < 0 || end + 4 !== head.length) return false;
  const [requestLine = "", ...headers] = head.toString("latin1", 0, end).split("\r\n");
  const [method, url, version] = requestLine.split(" ");
  if (!version?.startsWith("HTTP/1.") || !readerServes(method, url)) return false;
  return !headers.some((line) => /^(?:content-length|transfer-encoding|upgrade)\s*:/i.test(line));
}
