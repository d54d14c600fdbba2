import { beforeAll, describe, expect, it } from "vitest";
import { type TestCertificates, getTestCertificates } from "@/test/fixtures/tls-certs";
import { pemCertificateProblem } from "./pem";

let certs: TestCertificates;
beforeAll(async () => {
  certs = await getTestCertificates();
});

/** The base64 lines of a PEM certificate, between its BEGIN and END lines. */
const bodyOf = (pem: string) => pem.trim().split("\n").slice(1, -1);
const pem = (lines: string[]) => ["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----"].join("\n");

describe("pemCertificateProblem", () => {
  it("accepts a real CA certificate, with CRLF line ends, and a bundle of two", () => {
    expect(pemCertificateProblem(certs.ca.cert)).toBeNull();
    expect(pemCertificateProblem(certs.ca.cert.replace(/\n/g, "\r\n"))).toBeNull();
    expect(pemCertificateProblem(`${certs.ca.cert}\n${certs.server.cert}`)).toBeNull();
  });

  it("says a pasted private key is not a certificate", () => {
    expect(pemCertificateProblem(certs.server.key)).toMatch(/^that is a private key, not a certificate/);
  });

  it("catches a certificate cut off at the end of a line, inside a line, or without its END line", () => {
    const lines = bodyOf(certs.ca.cert);
    expect(pemCertificateProblem(pem(lines.slice(0, -2)))).toMatch(/cut off or not a certificate/);
    expect(pemCertificateProblem(pem([...lines.slice(0, -1), lines.at(-1)!.slice(0, 4)]))).toMatch(/cut off or not a certificate|damaged/);
    expect(pemCertificateProblem(certs.ca.cert.replace("-----END CERTIFICATE-----", ""))).toMatch(/no -----END CERTIFICATE----- line/);
  });

  it("catches a damaged line and names which certificate of a bundle is wrong", () => {
    const lines = bodyOf(certs.server.cert);
    const damaged = pem([lines[0]!.replace(/^./, "*"), ...lines.slice(1)]);
    expect(pemCertificateProblem(damaged)).toMatch(/^the trusted CA certificate is damaged/);
    expect(pemCertificateProblem(`${certs.ca.cert}\n${damaged}`)).toMatch(/^certificate 2 of the trusted CA is damaged/);
  });

  it("refuses text with no certificate in it", () => {
    expect(pemCertificateProblem("MIIB...")).toBe("the trusted CA must be a PEM certificate");
    expect(pemCertificateProblem(pem(["aGVsbG8gd29ybGQ="]))).toMatch(/not a certificate/);
  });
});
