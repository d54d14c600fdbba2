import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const PROXY = ["10.0.0.0/8", "::1/128"];

describe("clientAddress", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("203.0.113.7", "198.51.100.1", [])).toBe("203.0.113.7");
  });

  it("is the TCP peer when the peer is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.7", "198.51.100.1", PROXY)).toBe("203.0.113.7");
  });

  it("takes the address the trusted proxy saw, not what the client wrote before it", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real peer 198.51.100.9.
    expect(clientAddress("10.1.1.1", "1.2.3.4, 198.51.100.9", PROXY)).toBe("198.51.100.9");
  });

  it("skips every trusted hop from the right, across repeated headers", () => {
    expect(clientAddress("10.1.1.1", ["198.51.100.9, 10.2.2.2", "10.3.3.3"], PROXY)).toBe("198.51.100.9");
  });

  it("falls back to the proxy on a missing or malformed header", () => {
    expect(clientAddress("10.1.1.1", undefined, PROXY)).toBe("10.1.1.1");
    expect(clientAddress("10.1.1.1", "not-an-ip", PROXY)).toBe("10.1.1.1");
  });

  it("reads IPv4-mapped peers as IPv4, for the proxy check and the result", () => {
    expect(clientAddress("::ffff:10.1.1.1", "198.51.100.9", PROXY)).toBe("198.51.100.9");
    expect(clientAddress("::ffff:203.0.113.7", undefined, [])).toBe("203.0.113.7");
  });
});
