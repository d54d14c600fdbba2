import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SessionDocument } from "@/lib/schemas/session";
import { createAdmitter } from "@/server/abuse/admitter";
import { type Config, loadConfig } from "@/server/config";
import type { SessionStore } from "@/server/store/types";
import { openStore } from "@/server/store/open-store";
import { SessionRegistry } from "@/server/web/session-registry";
import { type ScriptedServer, startScriptedServer } from "@/test/fixtures/scripted-server";
import { testDeps } from "@/test/support/engine";
import { createSession } from "./create-session";
import { deleteSession } from "./delete-session";
import { getSession } from "./get-session";

const BASE = "http://helodesk.test";
let dir: string;
let store: SessionStore;
let server: ScriptedServer;
let ctx: { registry: SessionRegistry; store: SessionStore; config: Config };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "helodesk-api-"));
  store = (await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined })).store;
  server = await startScriptedServer({ replies: { RCPT: (line) => (/bob@/i.test(line) ? "550 5.7.1 <BOB@EXAMPLE.NET>: Relay access denied" : "250 2.1.5 Ok") } });
  const deps = testDeps({ ports: [server.port] });
  ctx = { registry: new SessionRegistry({ deps, store }), store, config: loadConfig({}) };
});

afterAll(async () => {
  // Whatever beforeAll got to: a store that failed to open must not leave its directory behind.
  try {
    await ctx?.registry.closeAll();
    await server?.close();
    await store?.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const post = (body: unknown, init: { query?: string; headers?: Record<string, string> } = {}) =>
  new Request(`${BASE}/api/sessions${init.query ?? ""}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const request = (extra: Record<string, unknown> = {}) => ({
  target: "127.0.0.1",
  port: server.port,
  profile: "ehlo",
  timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, sessionMs: 10_000 },
  ...extra,
});

async function created(body: unknown) {
  const res = await createSession(post(body), ctx);
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; shareUrl: string; deleteToken: string; document: SessionDocument };
}

// The store writes each event as it is streamed: the final state lands just after `done`.
async function settled(id: string) {
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setImmediate(r))) {
    const got = await store.get(id);
    if (got.status === "found" && got.document.state !== "running") return got.document;
  }
  throw new Error(`session ${id} was not finished in the store within 5 s`);
}

describe("POST /api/sessions", () => {
  afterEach(() => server.allLines.splice(0));

  it("runs the session to completion and answers 201 with the document, share URL and delete token", async () => {
    const body = await created(request());
    expect(SessionDocument.parse(body.document).state).toBe("finished");
    expect(body.document.outcome).toBe("pass");
    expect(body.shareUrl).toBe(`${BASE}/t/${body.id}`);
    expect(body.deleteToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(server.allLines).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
  });

  it("puts share links under HELODESK_PUBLIC_URL when it is set", async () => {
    const res = await createSession(post(request()), { ...ctx, config: { ...ctx.config, HELODESK_PUBLIC_URL: "https://desk.example.com" } });
    expect(((await res.json()) as { shareUrl: string }).shareUrl).toMatch(/^https:\/\/desk\.example\.com\/t\/[A-Za-z0-9_-]{22}$/);
  });

  it("streams NDJSON: started, each event as it happens, then the document", async () => {
    const res = await createSession(post(request(), { query: "?stream=ndjson" }), ctx);
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { kind: string; event?: { seq: number }; document?: SessionDocument });
    expect(lines[0]).toMatchObject({ kind: "started", shareUrl: expect.stringMatching(/\/t\//), deleteToken: expect.any(String) });
    const events = lines.filter((l) => l.kind === "event").map((l) => l.event!.seq);
    expect(events).toEqual([...events.keys()]);
    const last = lines.at(-1)!;
    expect(last.kind).toBe("document");
    expect(last.document!.events).toHaveLength(events.length);
  });

  it.each([
    ["not JSON", "{target", 400, /not valid JSON/],
    ["empty", "", 400, /empty/],
    ["an invalid field", { target: "not a host!", port: 0 }, 400, /target|port/],
    ["the interactive profile", { target: "127.0.0.1", profile: "interactive" }, 400, /^the interactive profile needs someone typing: .*choose banner, ehlo, starttls, auth, relay or send$/],
    // Number() would connect to 2526: a port is plain decimal digits.
    ["a port in hex", { target: "127.0.0.1", port: "0x9DE" }, 400, /^the port must be plain decimal digits, such as 587/],
    ["a port as true", { target: "127.0.0.1", port: true }, 400, /^the port must be a number/],
  ])("refuses a body that is %s with 400 and what to fix", async (_what, body, status, message) => {
    const res = await createSession(post(body as never), ctx);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { status: number; error: string };
    expect(json.status).toBe(status);
    expect(json.error).toMatch(message);
    // A field's issue, where there is one, says the same as the error: not a second, shorter story.
    const issues = (json as { issues?: Array<{ message: string }> }).issues ?? [];
    if (issues.length === 1) expect(issues[0]!.message).toBe(json.error);
  });

  it("refuses a misspelt option instead of ignoring it, naming it and where it was", async () => {
    const res = await createSession(post(request({ share: { hideAdresses: true } })), ctx);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(json.issues).toEqual([{ path: "share", message: expect.stringMatching(/^unknown field "hideAdresses": check the spelling \(the fields here are hideAddresses, hideBody, expiresInDays\)$/) }]);
    expect(server.allLines).toEqual([]);
    const top = (await (await createSession(post(request({ hideAddresses: true })), ctx)).json()) as { issues: { path: string; message: string }[] };
    expect(top.issues[0]?.message).toMatch(/^unknown field "hideAddresses"/);
  });

  it("keeps a session no longer than the deployment's retention, whatever the request asks", async () => {
    const week = new SessionRegistry({ deps: testDeps({ ports: [server.port] }), store }, { retentionDays: 7 });
    const daysKept = async (share: Record<string, unknown>) => {
      const res = await createSession(post(request({ share })), { ...ctx, registry: week });
      const { id } = (await res.json()) as { id: string };
      await settled(id);
      const got = await store.get(id);
      if (got.status !== "found") throw new Error("not stored");
      return Math.round((Date.parse(got.meta.expiresAt) - Date.now()) / 86_400_000);
    };
    expect(await daysKept({ expiresInDays: 365 })).toBe(7);
    expect(await daysKept({})).toBe(7);
    expect(await daysKept({ expiresInDays: 2 })).toBe(2);
    await week.closeAll();
  });

  it("lists every invalid field", async () => {
    const res = await createSession(post({ target: "", port: 70000, profile: "nope" }), ctx);
    const json = (await res.json()) as { issues: { path: string }[] };
    expect(json.issues.map((i) => i.path).sort()).toEqual(["port", "profile", "target"]);
  });

  it("answers 403 with the field for a port or an MX address the policy refuses, and runs nothing", async () => {
    const stored = vi.spyOn(store, "create");
    const port = await createSession(post(request({ port: 24 })), ctx);
    expect(port.status).toBe(403);
    expect(await port.json()).toEqual({
      status: 403,
      error: "Refused to connect to 127.0.0.1: port 24 is not one HeloDesk may connect to (the port rule; allowed: 25, 465, 587, 2525, " + server.port + "); add it to HELODESK_ALLOWED_PORTS to allow it",
      issues: [{ path: "port", message: expect.stringMatching(/^port 24 is not one/) }],
    });
    const mx = await createSession(post(request({ target: "example.com", mx: "10.0.0.25" })), ctx);
    expect(mx.status).toBe(403);
    expect(((await mx.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["mx"]);
    // No session was started, so none was stored.
    expect(stored).not.toHaveBeenCalled();
    stored.mockRestore();
  });

  it("answers 415 to another content type and 413 to a body that is too large", async () => {
    const form = new Request(`${BASE}/api/sessions`, { method: "POST", headers: { "content-type": "text/plain" }, body: "target=x" });
    expect((await createSession(form, ctx)).status).toBe(415);
    const huge = post(JSON.stringify({ ...request(), body: "x".repeat(300 * 1024) }));
    const res = await createSession(huge, ctx);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/KiB/);
  });

  it("answers 429 with Retry-After when a per-address limit, known only after DNS, refuses the session", async () => {
    const admitter = createAdmitter(loadConfig({ HELODESK_TARGET_SESSIONS_PER_MINUTE: "1", HELODESK_SESSIONS_BURST: "100" }));
    const limited = new SessionRegistry({ deps: testDeps({ ports: [server.port] }), store, admitter });
    expect((await createSession(post(request()), { ...ctx, registry: limited })).status).toBe(201);
    const res = await createSession(post(request()), { ...ctx, registry: limited });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await res.json()) as { status: number; error: string; retryAfterSec: number; shareUrl: string; document: SessionDocument };
    expect(body).toMatchObject({ status: 429, error: expect.stringMatching(/^Too many sessions to 127\.0\.0\.1: .*HELODESK_TARGET_SESSIONS_PER_MINUTE\); retry in \d+ s\.$/) });
    expect(body.retryAfterSec).toBe(Number(res.headers.get("retry-after")));
    expect(body.document).toMatchObject({ closeReason: "refused", checks: [{ id: "connection", status: "fail", title: "Refused by a HeloDesk limit" }] });
    await limited.closeAll();
    await admitter.close();
  });

  it("passes the admission's refusal on with Retry-After", async () => {
    const busy = new SessionRegistry({ deps: testDeps({ ports: [server.port] }), admitter: { admit: async () => ({ ok: false, status: 429, error: "too many tests from your address: wait a minute", retryAfterSec: 42 }) } });
    const res = await createSession(post(request()), { ...ctx, registry: busy });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("42");
    expect(await res.json()).toMatchObject({ status: 429, retryAfterSec: 42 });
  });
});

describe("reading and deleting a session", () => {
  it("round trip: POST, GET JSON, text and Markdown, DELETE, then 410", async () => {
    const { id, deleteToken } = await created(request({ profile: "send", from: "alice@example.org", to: ["bob@example.net"] }));
    await settled(id);
    const get = (path = "", query = "") => getSession(new Request(`${BASE}/api/sessions/${id}${path}${query}`), ctx, id, path === "" ? "json" : path.endsWith("txt") ? "txt" : "md");

    const json = await get();
    expect(json.status).toBe(200);
    expect(json.headers.get("referrer-policy")).toBe("no-referrer");
    expect(json.headers.get("x-robots-tag")).toBe("noindex");
    const doc = SessionDocument.parse(await json.json());
    expect(doc.id).toBe(id);

    const txt = await get("/transcript.txt", "?download=1");
    expect(txt.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(txt.headers.get("content-disposition")).toMatch(/^attachment; filename="helodesk-127\.0\.0\.1-.*\.txt"$/);
    expect(await txt.text()).toContain("<- 550 5.7.1 <BOB@EXAMPLE.NET>: Relay access denied");

    const md = await get("/transcript.md");
    const note = await md.text();
    expect(note).toContain(`<${BASE}/t/${id}>`);
    expect(note).toContain("**Who should act:**");

    const del = (token?: string, header = "authorization") => deleteSession(new Request(`${BASE}/api/sessions/${id}`, { method: "DELETE", headers: token ? { [header]: header === "authorization" ? `Bearer ${token}` : token } : {} }), ctx, id);
    expect((await del()).status).toBe(401);
    expect((await del("wrong-token-wrong-token-wrong-token")).status).toBe(403);
    expect((await del("wrong-token-wrong-token-wrong-token", "x-delete-token")).status).toBe(403);
    expect((await get()).status).toBe(200);
    // Finished and stored: memory lets it go once the store's commit is reported back (a turn or a few
    // after a reader can see it), and the store answers for it.
    for (let i = 0; i < 200 && ctx.registry.get(id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ctx.registry.get(id)).toBeUndefined();
    expect((await del(deleteToken, "x-delete-token")).status).toBe(204);
    expect(ctx.registry.get(id)).toBeUndefined();
    const after = await get();
    expect(after.status).toBe(410);
    expect(((await after.json()) as { error: string }).error).toMatch(/deleted/);
    expect((await get("/transcript.txt")).status).toBe(410);
    expect((await del(deleteToken)).status).toBe(410);
  });

  it("redacts what the creator chose to hide, and only for readers of the link", async () => {
    const { id, document } = await created(request({ profile: "send", from: "alice@example.org", to: ["bob@example.net"], share: { hideAddresses: true } }));
    expect(JSON.stringify(document)).toMatch(/bob@example\.net/i);
    await settled(id);
    for (const format of ["json", "txt", "md"] as const) {
      const res = await getSession(new Request(`${BASE}/api/sessions/${id}`), ctx, id, format);
      const text = await res.text();
      expect(text).not.toMatch(/bob@example\.net|alice@example\.org/i);
      expect(text).toContain("[recipient hidden]");
    }
  });

  it("answers 404 to an unknown or malformed id and 410 to an expired one", async () => {
    const unknown = "B".repeat(22);
    expect((await getSession(new Request(`${BASE}/api/sessions/${unknown}`), ctx, unknown, "json")).status).toBe(404);
    expect((await getSession(new Request(`${BASE}/api/sessions/..%2f`), ctx, "../", "json")).status).toBe(404);
    const { id } = await created(request({ share: { expiresInDays: 1 } }));
    await settled(id);
    await store.purgeExpired(new Date(Date.now() + 2 * 86_400_000));
    const res = await getSession(new Request(`${BASE}/api/sessions/${id}`), ctx, id, "json");
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: string }).error).toMatch(/expired/);
  });
});
