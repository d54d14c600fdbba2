import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionRequest } from "@/lib/schemas/request";
import { PLAIN } from "@/lib/transcript-text";
import { loadConfig } from "@/server/config";
import { rehearse } from "./rehearsal";

const config = loadConfig({ HELODESK_HELO_NAME: "tester.helodesk.test", HELODESK_DNS_SERVERS: "127.0.0.1:9" });
const request = (fields: Record<string, unknown>) => SessionRequest.parse({ target: "mail.helodesk.test", from: "a@helodesk.test", to: ["b@helodesk.test"], ...fields });

afterEach(() => vi.restoreAllMocks());

describe("the CLI's rehearsal", () => {
  it.each(["banner", "ehlo", "starttls", "auth", "relay", "send"] as const)("runs the %s profile to its end against the in-memory server, opening no socket", async (profile) => {
    const connect = vi.spyOn(net.Socket.prototype, "connect");
    const auth = profile === "auth" || profile === "relay" ? { username: "me@helodesk.test", password: "s3cret-pass" } : undefined;
    const doc = await rehearse(request({ profile, auth }), config, undefined, PLAIN);
    expect(connect).not.toHaveBeenCalled();
    expect(doc?.profile).toBe(profile);
    // It went all the way through the exchange, so every step's code has run once.
    expect(doc?.events.some((e) => e.type === "send" && e.command === "QUIT")).toBe(true);
    expect(doc?.events.filter((e) => e.type === "reply").every((e) => e.type === "reply" && e.explanation.summary.length > 0)).toBe(true);
    if (profile === "send") expect(doc?.events.some((e) => e.type === "message")).toBe(true);
    // The user's secret never goes in, not even to the stage.
    expect(JSON.stringify(doc)).not.toContain("s3cret-pass");
    if (auth) expect(doc?.events.some((e) => e.type === "reply" && e.code === 235)).toBe(true);
  });

  it("does nothing for the interactive console", async () => {
    expect(await rehearse(request({ profile: "interactive" }), config, undefined, PLAIN)).toBeNull();
  });
});
