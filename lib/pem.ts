/**
 * What is wrong with a PEM bundle meant as trusted CA certificates, or null when nothing is. Structure
 * only, and isomorphic (atob, no node:crypto): each block decodes to one whole DER SEQUENCE, so a
 * truncated paste, a damaged line or a private key is caught at the edge with a reason, instead of TLS
 * quietly trusting nothing.
 */
export function pemCertificateProblem(text: string): string | null {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return "that is a private key, not a certificate: give the CA's certificate (-----BEGIN CERTIFICATE-----), and keep private keys to yourself";
  }
  const begins = text.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (begins === 0) return "the trusted CA must be a PEM certificate";
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length !== begins) return "a certificate in the trusted CA has no -----END CERTIFICATE----- line: paste the whole file";
  for (const [i, block] of blocks.entries()) {
    const which = blocks.length === 1 ? "the trusted CA certificate" : `certificate ${i + 1} of the trusted CA`;
    const body = block[1]!.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) return `${which} is damaged: its base64 has characters or line breaks that do not belong`;
    if (!isOneDerSequence(atob(body))) return `${which} is cut off or not a certificate: its content is not one complete DER structure`;
  }
  return null;
}

/** A DER SEQUENCE (0x30) whose encoded length is exactly the bytes that follow its header. */
function isOneDerSequence(bytes: string): boolean {
  if (bytes.length < 2 || bytes.charCodeAt(0) !== 0x30) return false;
  const first = bytes.charCodeAt(1);
  if (first < 0x80) return bytes.length === 2 + first;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || bytes.length < 2 + octets) return false;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + bytes.charCodeAt(2 + i);
  return bytes.length === 2 + octets + length;
}
