import type { SessionRequest } from "@/lib/schemas/request";
import type { SessionError } from "./errors";

/** What a failure may mean, in a sentence a help desk can act on. */
export function failureHint(error: SessionError, request: SessionRequest, implicitTls: boolean): string | null {
  const port = request.port;
  switch (error.code) {
    case "greeting-timeout":
      if (port === 465 && !implicitTls) {
        return "Port 465 expects TLS from the first byte (implicit TLS), so a plaintext client waits forever: run again with TLS mode implicit (auto does this on 465).";
      }
      return "The server accepted the connection but did not send a complete greeting: it may be overloaded, deliberately slow with unknown clients (a tarpit), or expecting TLS first.";
    case "reply-timeout":
      return "The server stopped answering: it may be overloaded, deliberately slow (a tarpit), or a firewall in the path drops part of the traffic.";
    case "plaintext-in-tls":
      if (!implicitTls) {
        return "The server accepted STARTTLS, then answered the handshake in plaintext: its TLS setup is broken, or a device in the path (a firewall with SMTP inspection) interferes.";
      }
      // On 465, auto means implicit TLS: only starttls makes the client upgrade a plaintext session there.
      return `Port ${port} speaks plain SMTP: use STARTTLS (TLS mode ${port === 465 ? "starttls" : "starttls or auto"}) instead of implicit TLS.`;
    case "tls-in-plaintext":
      return `Port ${port} expects TLS from the first byte: use TLS mode implicit.`;
    case "tls-handshake-failed":
    case "tls-timeout":
      return "The server offered TLS but the handshake failed: its TLS setup is likely broken (certificate and key mismatch, no protocol or cipher in common), or something in the path interferes.";
    case "connect-refused":
      return `The host answered but nothing accepts connections on port ${port}: the mail service is down, or the port is wrong (25 between servers, 587 or 465 for mail clients).`;
    case "connect-timeout":
      return "Nothing answered: the host is down, a firewall drops the packets, or the network HeloDesk runs on blocks this outbound port.";
    case "connect-unreachable":
      return "This network has no route to that address (for an IPv6 address, this network may not have IPv6).";
    case "peer-closed":
      return "The server hung up without a 221: it may refuse this client's address, limit connections, or have failed.";
    case "not-smtp":
      return notSmtpHint(error.message);
    case "too-much-data":
    case "reply-flood":
      return "A mail server sends short replies; this one sent far more than any reply needs, so HeloDesk stopped reading.";
    case "session-timeout":
      return "The whole session took longer than HeloDesk allows; the server is very slow or deliberately stalling.";
    case "dns-failed":
      return "The name could not be looked up: check the domain's name servers (a SERVFAIL often means broken DNSSEC or a dead server), or retry.";
    default:
      return null;
  }
}

function notSmtpHint(message: string): string {
  if (/"HTTP\//.test(message) || /<html/i.test(message)) return "That is a web server, not a mail server: check the host and port.";
  if (/"SSH-/.test(message)) return "That is an SSH server, not a mail server: check the port.";
  if (/"\+OK/.test(message)) return "That is a POP3 server, not SMTP: check the port (25, 465, 587).";
  if (/"\* OK/.test(message)) return "That is an IMAP server, not SMTP: check the port (25, 465, 587).";
  return "Whatever listens there does not speak SMTP: check the host and port.";
}
