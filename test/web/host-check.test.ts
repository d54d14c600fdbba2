import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, appDir, startAppServer } from "../../e2e/app-server";
import { requireTool } from "../support/requirements";

const build = requireTool(
  "HeloDesk build",
  () => existsSync(join(appDir(), "dist/server.mjs")) && existsSync(join(appDir(), ".next/BUILD_ID")),
  "run `npm run build` first (npm test builds before it runs vitest)",
);

/** A request with exactly this Host header (fetch may not set one). */
function send(app: AppServer, method: string, path: string, host: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host, origin: `http://${host}` };
    if (body) headers["content-type"] = "application/json";
    const req = httpRequest(`${app.url}${path}`, { method, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe.skipIf(build.skip)("the built server answers only to its own names (DNS rebinding)", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer({ HELODESK_PUBLIC_URL: "https://helodesk.example.com" });
  }, 60_000);
  afterAll(() => app?.stop());

  it("refuses pages and the API under a name a rebinding page would send", async () => {
    const page = await send(app, "GET", "/", "rebind.attacker.example:3000");
    expect(page.status).toBe(403);
    expect(JSON.parse(page.body).error).toMatch(/does not answer to the name rebind\.attacker\.example:3000: .*HELODESK_PUBLIC_URL/);
    const api = await send(app, "POST", "/api/sessions", "rebind.attacker.example", JSON.stringify({ target: "127.0.0.1", port: 9, profile: "banner" }));
    expect(api.status).toBe(403);
  });

  it("serves its address, localhost and HELODESK_PUBLIC_URL's name", async () => {
    const port = new URL(app.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "helodesk.example.com"]) {
      expect((await send(app, "GET", "/codes/550", host)).status, host).toBe(200);
    }
  });
});
