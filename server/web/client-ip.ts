/** Set by the custom server on every request from the socket's address, overwriting what a client sent. */
export const CLIENT_IP_HEADER = "x-helodesk-client-ip";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
