/**
 * The guard of every outgoing request to a user-given address (link imports, webhooks): the URL's
 * scheme and literal IP are checked before connecting, and names are resolved by a DNS `lookup`
 * that refuses forbidden addresses, so the address checked is the address connected to (a name
 * that resolves to a public address, then to a private one, cannot slip through). Callers that
 * follow redirects check every hop again with `checkUrl`.
 */
import { lookup as dnsLookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { refusedAddress } from "./addressPolicy.ts";

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export type GuardOptions = {
  /** Tests only: reach loopback and private addresses (never link-local or metadata ones), and plain http. */
  allowLocal: boolean;
  /** Name resolution (tests give their own); dns.lookup by default. */
  resolve?: Resolve;
};

/** Why a request may not go to an address: what the caller turns into its own error. */
export class RefusedAddress extends Error {
  readonly host: string;
  readonly why: string;
  constructor(host: string, why: string) {
    super(`${host} is ${why}`);
    this.host = host;
    this.why = why;
  }
}

export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/** The scheme is https (or http when local addresses are allowed), and an IP written in the URL is allowed. */
export function checkUrl(url: URL, { allowLocal }: Pick<GuardOptions, "allowLocal">): string | null {
  if (url.protocol !== "https:" && !(allowLocal && url.protocol === "http:")) return "only https addresses are";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Node connects to an IP written in the URL without calling lookup: checked here.
  if (isIP(host)) {
    const why = refusedAddress(host, { allowLocal });
    if (why) return `${host} is ${why}`;
  }
  return null;
}

/** Every address a name resolves to must be allowed, or the reason of the first that is not. */
export function refusedAmong(addresses: { address: string }[], allowLocal: boolean): string | null {
  if (addresses.length === 0) return "a name that does not resolve";
  for (const { address } of addresses) {
    const why = refusedAddress(address, { allowLocal });
    if (why) return `${why} (${address})`;
  }
  return null;
}

/** A socket `lookup` that fails with RefusedAddress for a name resolving to any forbidden address. */
export function guardedLookup({ allowLocal, resolve = systemResolve }: GuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const why = refusedAmong(addresses, allowLocal);
        if (why) {
          callback(new RefusedAddress(hostname, why) as unknown as NodeJS.ErrnoException, "", 4);
          return;
        }
        const first = addresses[0] as { address: string; family: number };
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 4),
    );
  };
}
