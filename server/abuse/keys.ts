import ipaddr from "ipaddr.js";

/**
 * Who a client is, for limits: its IPv4 address, or its IPv6 /64 — one subscriber usually holds a
 * whole /64, so counting single IPv6 addresses would give each client billions of budgets.
 */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const addr = ipaddr.process(ip);
  if (addr.kind() === "ipv4") return addr.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/64`).toString()}/64`;
}

/** The network an address belongs to for per-target limits: its /24 (IPv4) or /48 (IPv6). */
export function networkOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const addr = ipaddr.process(address);
  const bits = addr.kind() === "ipv4" ? 24 : 48;
  const cidr = `${addr.toString()}/${bits}`;
  const net = addr.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return `${net.toString()}/${bits}`;
}

/** An address as one key: IPv4-mapped IPv6 folds into its IPv4 form. */
export function addressKey(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}
