import net from "node:net";
import v8 from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionRequest } from "@/lib/schemas/request";
import { PLAIN } from "@/lib/transcript-text";
import { loadConfig } from "@/server/config";
import { rehearse } from "./rehearsal";

const config = loadConfig({ HELODESK_HELO_NAME: "tester.helodesk.test", HELODESK_DNS_SERVERS: "127.0.0.1:9" });
/** The envelope goes with the profiles that use it (relay, send): any other refuses it. */
const request = (fields: Record<string, unknown>) =>
  SessionRequest.parse({ target: "mail.helodesk.test", ...(fields.profile === "relay" || fields.profile === "send" ? { from: "a@helodesk.test", to: ["b@helodesk.test"] } : {}), ...fields });

afterEach(() => vi.restoreAllMocks());

describe("the CLI's rehearsal", () => {
  it.each(["banner", "ehlo", "starttls", "auth", "relay", "send"] as const)("runs the %s profile to its end against its own stage over a local socket, never the network", async (profile) => {
    const connect = vi.spyOn(net.Socket.prototype, "connect");
    const auth = profile === "auth" || profile === "relay" ? { username: "me@helodesk.test", password: "s3cret-pass" } : undefined;
    const doc = await rehearse(request({ profile, auth }), config, undefined, PLAIN);
    // One connection, to the stage's local socket: no host, no port.
    expect(connect).toHaveBeenCalledTimes(1);
    const [options] = connect.mock.calls[0]! as unknown as [Array<Record<string, unknown>>];
    expect(options[0]).toMatchObject({ path: expect.stringContaining("helodesk-rehearsal-") });
    expect(options[0]).not.toHaveProperty("port");
    expect(doc?.profile).toBe(profile);
    // It went all the way through the exchange, so every step's code has run once.
    expect(doc?.events.some((e) => e.type === "send" && e.command === "QUIT")).toBe(true);
    expect(doc?.events.filter((e) => e.type === "reply").every((e) => e.type === "reply" && e.explanation.summary.length > 0)).toBe(true);
    if (profile === "send") expect(doc?.events.some((e) => e.type === "message")).toBe(true);
    // The user's secret never goes in, not even to the stage.
    expect(JSON.stringify(doc)).not.toContain("s3cret-pass");
    if (auth) expect(doc?.events.some((e) => e.type === "reply" && e.code === 235)).toBe(true);
  });

  it("returns only once its sockets and listener have closed, so no close of theirs lands in the real session", async () => {
    const closes: string[] = [];
    for (const [prototype, name] of [
      [net.Socket.prototype, "socket"],
      [net.Server.prototype, "listener"],
    ] as const) {
      const target = prototype as unknown as { emit(event: string | symbol, ...args: unknown[]): boolean };
      const emit = target.emit;
      vi.spyOn(target, "emit").mockImplementation(function (this: unknown, event, ...args) {
        if (event === "close") closes.push(name);
        return emit.call(this, event, ...args);
      });
    }
    await rehearse(request({ profile: "send" }), config, undefined, PLAIN);
    expect(closes.sort()).toEqual(["listener", "socket", "socket"]);
  });

  it("turns eager feedback allocation on for itself only, also when its session fails", async () => {
    const flags = vi.spyOn(v8, "setFlagsFromString");
    await rehearse(request({ profile: "ehlo" }), config, undefined, PLAIN);
    expect(flags.mock.calls.map((c) => c[0])).toEqual(["--no-lazy-feedback-allocation", "--lazy-feedback-allocation"]);
    flags.mockClear();
    vi.spyOn(net, "connect").mockImplementation(() => {
      const socket = new net.Socket();
      process.nextTick(() => socket.destroy(new Error("the stage is gone")));
      return socket;
    });
    const doc = await rehearse(request({ profile: "ehlo" }), config, undefined, PLAIN);
    expect(doc?.closeReason).not.toBe("quit");
    expect(doc?.events.some((e) => e.type === "reply")).toBe(false);
    expect(flags.mock.calls.map((c) => c[0])).toEqual(["--no-lazy-feedback-allocation", "--lazy-feedback-allocation"]);
  });

  it("falls back to the in-memory stage where it cannot listen on a local socket", async () => {
    vi.spyOn(net.Server.prototype, "listen").mockImplementation(function (this: net.Server) {
      process.nextTick(() => this.emit("error", Object.assign(new Error("listen EACCES"), { code: "EACCES" })));
      return this;
    });
    const connect = vi.spyOn(net.Socket.prototype, "connect");
    const doc = await rehearse(request({ profile: "send" }), config, undefined, PLAIN);
    expect(connect).not.toHaveBeenCalled();
    expect(doc?.events.some((e) => e.type === "message")).toBe(true);
  });

  it("does nothing for the interactive console", async () => {
    expect(await rehearse(request({ profile: "interactive" }), config, undefined, PLAIN)).toBeNull();
  });
});
