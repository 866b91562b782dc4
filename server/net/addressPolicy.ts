/**
 * Which addresses a link may reach: public ones only. Loopback, private (RFC 1918, unique local),
 * shared (CGNAT), link-local (with cloud metadata at 169.254.169.254 and fd00:ec2::254),
 * multicast, reserved and documentation ranges are refused; IPv4 written inside IPv6 (mapped,
 * NAT64, 6to4) is judged as the IPv4 it holds. `allowLocal` (tests only) lets loopback and private
 * addresses through, never link-local or metadata ones.
 */
import { BlockList, isIP } from "node:net";

const never = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["169.254.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  never.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["fe80::", 10],
  ["ff00::", 8],
  ["fd00:ec2::", 32],
] as const)
  never.addSubnet(net, prefix, "ipv6");

const local = new BlockList();
for (const [net, prefix] of [
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
] as const)
  local.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::1", 128],
  ["fc00::", 7],
  ["2001:db8::", 32],
  ["100::", 64],
] as const)
  local.addSubnet(net, prefix, "ipv6");

/** The IPv4 address an IPv6 address carries (::ffff:a.b.c.d, 64:ff9b::/96, 2002::/16), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1] as string;
  const groups = expand(lower);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return v4(groups[6] as number, groups[7] as number);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6] as number, groups[7] as number);
  if (groups[0] === 0x2002) return v4(groups[1] as number, groups[2] as number);
  return null;
}

function expand(address: string): number[] | null {
  if (address.includes(".")) return null;
  const [head, tail] = address.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  const all = [...h, ...fill, ...t];
  return all.length === 8 ? all.map((g) => Number.parseInt(g, 16)) : null;
}

/** Why an address may not be reached, or null when it may. */
export function refusedAddress(address: string, { allowLocal = false } = {}): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  const v4 = family === 6 ? embeddedIpv4(address) : null;
  if (v4) return refusedAddress(v4, { allowLocal });
  const type = family === 4 ? "ipv4" : "ipv6";
  if (never.check(address, type)) return "a link-local, metadata, multicast or reserved address";
  if (!allowLocal && local.check(address, type)) return "a loopback, private or reserved address";
  return null;
}
