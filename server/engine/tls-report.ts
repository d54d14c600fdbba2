import { X509Certificate } from "node:crypto";
import net from "node:net";
import type { TLSSocket } from "node:tls";
import type { EventOf } from "@/lib/schemas/events";

type TlsFields = Omit<EventOf<"tls">, "seq" | "t" | "dt" | "type" | "ms">;

const DAY_MS = 86_400_000;

/**
 * What an admin wants to know about the server's certificate. Nothing here stops the session: an
 * untrusted, expired or mismatched certificate is reported and judged by the checks.
 */
export function describeTls(socket: TLSSocket, checkedName: string | null, customCa: boolean, now = Date.now()): TlsFields {
  const peer = socket.getPeerCertificate(true);
  const raw = peer && "raw" in peer && peer.raw ? peer.raw : null;
  const cert = raw ? safeX509(raw) : null;
  const authError = socket.authorizationError ? String(socket.authorizationError) : null;

  let hostnameMatch: boolean | null = null;
  if (cert && checkedName) {
    hostnameMatch = net.isIP(checkedName) ? cert.checkIP(checkedName) !== undefined : cert.checkHost(checkedName) !== undefined;
  }
  const validTo = cert ? new Date(cert.validTo) : null;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    subject: cert ? oneLine(cert.subject) : null,
    subjectAltNames: cert?.subjectAltName ? cert.subjectAltName.split(/,\s*/) : [],
    issuer: cert ? oneLine(cert.issuer) : null,
    validFrom: cert ? new Date(cert.validFrom).toISOString() : null,
    validTo: validTo ? validTo.toISOString() : null,
    daysLeft: validTo ? Math.floor((validTo.getTime() - now) / DAY_MS) : null,
    selfSigned: cert ? isSelfSigned(cert) : false,
    chainVerified: socket.authorized,
    verifyError: authError,
    hostnameChecked: checkedName,
    hostnameMatch,
    fingerprint256: cert?.fingerprint256 ?? null,
    customCa,
  };
}

function safeX509(raw: Buffer): X509Certificate | null {
  try {
    return new X509Certificate(raw);
  } catch {
    return null;
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  try {
    // Not checkIssued(): OpenSSL also wants keyCertSign there, which self-signed leaf certificates
    // (a default snakeoil, say) usually lack. Same name and a signature by its own key is enough.
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/** X509Certificate gives "CN=a\nO=b"; shown as "CN=a, O=b". */
function oneLine(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}
