/** The embed page's Content-Security-Policy: which sites may frame it, and where its map tiles come from. */

/** `frame-ancestors`: any site when the owners listed none, else this site (the share panel's preview) and theirs. */
export const frameAncestors = (sites: string[]): string => (sites.length === 0 ? "*" : ["'self'", ...sites].join(" "));

/**
 * The source to allow for a tile URL template: its scheme and host, a `{s}` subdomain as `*.`; a
 * template whose host is otherwise templated falls back to its scheme.
 */
export function tileSource(template: string): string {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!match) return "'none'";
  const [, scheme, host] = match as unknown as [string, string, string];
  const withWildcard = host.replace(/^\{s\}\./, "*.");
  return /[{}]/.test(withWildcard) ? `${scheme}:` : `${scheme}://${withWildcard}`;
}

/** `scriptHash`: base64 SHA-256 of the page's one inline script. */
export function embedCsp({ scriptHash, sites, tiles }: { scriptHash: string; sites: string[]; tiles: string }): string {
  return [
    "default-src 'none'",
    "style-src 'self' 'unsafe-inline'",
    `script-src 'self' 'sha256-${scriptHash}'`,
    "connect-src 'self'",
    `img-src 'self' data: ${tileSource(tiles)}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors(sites)}`,
  ].join("; ");
}
