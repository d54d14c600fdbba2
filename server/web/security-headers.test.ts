import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE, accessCookieValue, accessGranted, isShareRead, readCookie } from "./security-access";
import { BASE_HEADERS, newNonce, pageCsp } from "./security-headers";
import { originAllowed } from "./security-origin";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("page CSP", () => {
  it("allows only scripts with this response's nonce, and no framing, plugins or base changes", () => {
    const csp = directives(pageCsp("abc123"));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("adds 'unsafe-eval' only in development, where React needs it", () => {
    expect(directives(pageCsp("n", { dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it("sends nosniff, no referrer and no framing on every response", () => {
    expect(BASE_HEADERS).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY" });
  });
});

describe("access token", () => {
  const token = "internal-token-0123456789";

  it("lets everything in when no token is set", async () => {
    expect(await accessGranted(undefined, {})).toBe(true);
  });

  it("accepts the bearer token or the derived cookie, and nothing else", async () => {
    const cookie = `${ACCESS_COOKIE}=${await accessCookieValue(token)}`;
    expect(await accessGranted(token, { authorization: `Bearer ${token}` })).toBe(true);
    expect(await accessGranted(token, { cookie: `theme=dark; ${cookie}` })).toBe(true);
    expect(await accessGranted(token, {})).toBe(false);
    expect(await accessGranted(token, { authorization: `Bearer ${token}x` })).toBe(false);
    // The cookie holds a digest: the raw token in the cookie is not accepted, so a leaked jar is not the token.
    expect(await accessGranted(token, { cookie: `${ACCESS_COOKIE}=${token}` })).toBe(false);
    expect(await accessCookieValue(token)).not.toContain(token);
  });

  it("reads a cookie by exact name", () => {
    expect(readCookie("a=1; helodesk_access=x; b=2", "helodesk_access")).toBe("x");
    expect(readCookie("not_helodesk_access=x", "helodesk_access")).toBeUndefined();
  });

  it("keeps share links and the API read of one session open to whoever holds the link", () => {
    expect(isShareRead("GET", "/t/AbCdEfGhIjKlMnOpQrStUv")).toBe(true);
    expect(isShareRead("GET", "/api/sessions/AbCdEfGhIjKlMnOpQrStUv")).toBe(true);
    expect(isShareRead("GET", "/api/sessions/AbCdEfGhIjKlMnOpQrStUv/transcript.txt")).toBe(true);
    expect(isShareRead("DELETE", "/api/sessions/AbCdEfGhIjKlMnOpQrStUv")).toBe(false);
    expect(isShareRead("POST", "/api/sessions")).toBe(false);
    expect(isShareRead("GET", "/api/sessions")).toBe(false);
    expect(isShareRead("GET", "/")).toBe(false);
    expect(isShareRead("GET", "/console")).toBe(false);
  });
});

describe("Origin check", () => {
  const req = (headers: Record<string, string>) => ({ headers });
  it("compares the Origin's host and port with the Host header, not the scheme", () => {
    expect(originAllowed(req({ host: "helodesk.example.com", origin: "https://helodesk.example.com" }), [])).toBe(true);
    expect(originAllowed(req({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), [])).toBe(true);
    expect(originAllowed(req({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" }), [])).toBe(false);
    expect(originAllowed(req({ host: "helodesk.example.com", origin: "https://helodesk.example.com.evil.example" }), [])).toBe(false);
    expect(originAllowed(req({ host: "helodesk.example.com", origin: "null" }), [])).toBe(false);
    expect(originAllowed(req({ origin: "http://evil.example" }), [])).toBe(false);
    expect(originAllowed(req({ host: "10.0.0.5:3000", origin: "https://helodesk.example.com" }), ["https://helodesk.example.com"])).toBe(true);
  });
});
