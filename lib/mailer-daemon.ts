/**
 * Who a null-sender (bounce-style) message says it is from: the mailer daemon of the host that says
 * EHLO. An address literal is a domain too (MAILER-DAEMON@[192.0.2.1], RFC 5322 3.4.1); with no name
 * at all, localhost.
 */
export function mailerDaemonOf(heloName: string | null | undefined): string {
  return `MAILER-DAEMON@${heloName || "localhost"}`;
}
