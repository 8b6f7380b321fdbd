import ipaddr from 'ipaddr.js';

/**
 * Why a webhook may not be sent to an address (issue 20, server-side request forgery): anything that
 * is not a public unicast address — loopback, the private ranges, link-local (the cloud metadata
 * address 169.254.169.254 among them), carrier-grade NAT 100.64/10, unique-local fc00::/7, multicast,
 * unspecified, broadcast, and the reserved and translation ranges. An IPv4 address written as IPv6
 * (::ffff:127.0.0.1) is judged as the IPv4 address it is. Null: a public address.
 */
export function refusedAddressRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}
