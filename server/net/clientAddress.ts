/**
 * The client's address when Data Patch runs behind reverse proxies (TRUST_PROXY): X-Forwarded-For is
 * believed only for the hops that come from a trusted proxy, so a stranger who sends the header
 * themselves cannot choose the address their limits and budgets are counted by.
 */
import type { IncomingMessage } from "node:http";
import proxyaddr from "@fastify/proxy-addr";

export type ProxyTrust = (address: string, hop: number) => boolean;

/** Addresses, CIDR ranges or `loopback`, `linklocal`, `uniquelocal`; throws on one it cannot read. */
export function proxyTrust(proxies: string[]): ProxyTrust | null {
  return proxies.length === 0 ? null : proxyaddr.compile(proxies);
}

export function clientAddressOf(request: IncomingMessage, trust: ProxyTrust | null): string {
  if (!trust) return request.socket.remoteAddress ?? "unknown";
  return proxyaddr(request, trust);
}
