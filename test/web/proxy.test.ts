import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

const TOKEN = "s3cret-token-0123456789";

describe("the access token (HELODESK_ACCESS_TOKEN)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("refuses an API request without it with 401 and the API's error shape, {status, error}", async () => {
    vi.stubEnv("HELODESK_ACCESS_TOKEN", TOKEN);
    const response = await proxy(new NextRequest("http://127.0.0.1:3000/api/sessions", { method: "POST", body: "{}" }));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="HeloDesk"');
    expect(await response.json()).toEqual({ status: 401, error: expect.stringMatching(/^This HeloDesk is private: /) });
  });

  it("refuses a page with the login form, not JSON", async () => {
    vi.stubEnv("HELODESK_ACCESS_TOKEN", TOKEN);
    const response = await proxy(new NextRequest("http://127.0.0.1:3000/console"));
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("<h1>This HeloDesk is private</h1>");
  });

  it("lets a request with the bearer token through", async () => {
    vi.stubEnv("HELODESK_ACCESS_TOKEN", TOKEN);
    const response = await proxy(new NextRequest("http://127.0.0.1:3000/api/sessions", { method: "POST", body: "{}", headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(response.status).toBe(200);
  });
});
