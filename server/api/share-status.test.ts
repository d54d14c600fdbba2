import { describe, expect, it } from "vitest";
import type { StoredSession } from "@/server/store/types";
import { shareStatus } from "./share-status";

const ID = "AbCdEfGhIjKlMnOpQrStUv";
const store = (status: StoredSession["status"]) => ({ get: async () => ({ status }) as StoredSession });

describe("share page status before Next renders", () => {
  it("presets 410 for an expired or deleted session's page, with or without a query", async () => {
    expect(await shareStatus(store("expired"), "GET", `/t/${ID}`)).toBe(410);
    expect(await shareStatus(store("deleted"), "HEAD", `/t/${ID}?delete=forbidden`)).toBe(410);
    // Percent-encoded, as Next reads it: the same page.
    expect(await shareStatus(store("deleted"), "GET", `/t/%41${ID.slice(1)}`)).toBe(410);
    // Decoded, not a session id: no such page.
    expect(await shareStatus(store("deleted"), "GET", `/t/%E0%A4%A${ID.slice(1)}`)).toBe(404);
    // Not decodable at all: Next answers that request itself.
    expect(await shareStatus(store("deleted"), "GET", `/t/%E0%A4${ID.slice(1)}`)).toBeNull();
  });

  it("presets 404 for an unknown or malformed id, unless that session is running here", async () => {
    expect(await shareStatus(store("missing"), "GET", `/t/${ID}`)).toBe(404);
    expect(await shareStatus(store("missing"), "GET", "/t/short")).toBe(404);
    expect(await shareStatus(store("found"), "GET", "/t/short")).toBe(404);
    expect(await shareStatus(store("missing"), "GET", `/t/${ID}`, (id) => id === ID)).toBeNull();
    expect(await shareStatus(store("found"), "GET", `/t/${ID}`)).toBeNull();
  });

  it("leaves everything else to Next", async () => {
    expect(await shareStatus(store("expired"), "POST", `/t/${ID}/delete`)).toBeNull();
    expect(await shareStatus(store("expired"), "GET", `/t/${ID}/delete`)).toBeNull();
    expect(await shareStatus(store("expired"), "GET", `/api/sessions/${ID}`)).toBeNull();
    expect(await shareStatus({ get: () => Promise.reject(new Error("db down")) }, "GET", `/t/${ID}`)).toBeNull();
  });
});

describe("share URL", () => {
  it("uses the Host the client sent, not the URL Next built, unless HELODESK_PUBLIC_URL is set", async () => {
    const { shareUrl } = await import("./share-url");
    const req = new Request("http://localhost:3000/api/sessions", { headers: { host: "127.0.0.1:45678" } });
    expect(shareUrl(req, ID)).toBe(`http://127.0.0.1:45678/t/${ID}`);
    expect(shareUrl(req, ID, "https://desk.example.com")).toBe(`https://desk.example.com/t/${ID}`);
    const odd = new Request("http://localhost:3000/api/sessions", { headers: { host: "evil.example/<x>" } });
    expect(shareUrl(odd, ID)).toBe(`http://localhost:3000/t/${ID}`);
  });
});

describe("pinning the status", () => {
  it("turns the 200 Next writes into the pinned status, explicit or implicit, and leaves redirects alone", async () => {
    const { createServer } = await import("node:http");
    const { pinStatus } = await import("./share-status");
    const server = createServer((req, res) => {
      pinStatus(res, 410);
      if (req.url === "/redirect") {
        res.writeHead(303, { location: "/" }).end();
        return;
      }
      res.statusCode = 200;
      if (req.url === "/explicit") res.writeHead(200, { "content-type": "text/plain" });
      res.end("gone");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect((await fetch(`${base}/implicit`)).status).toBe(410);
      expect((await fetch(`${base}/explicit`)).status).toBe(410);
      expect((await fetch(`${base}/redirect`, { redirect: "manual" })).status).toBe(303);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
