import { expect } from "@playwright/test";
import { DEFAULT_REPLIES, type Reply, type ScriptedServer, type ScriptedServerOptions } from "../../test/fixtures/scripted-server";
import type { Latch } from "./latch";

/** Writes a reply as the scripted server would: a handler's output, CRLF-terminated. */
function answer(reply: Reply, line: string, conn: Parameters<Exclude<Reply, string>>[1]): void {
  const out = typeof reply === "function" ? reply(line, conn) : reply;
  if (out !== undefined) conn.write(out.endsWith("\n") ? out : `${out}\r\n`);
}

/**
 * The default reply to `verb`, held until the latch is released: the server keeps the session open
 * and silent, the way a slow or tarpitting server does, for as long as the test wants.
 */
export function heldReply(verb: string, latch: Latch, reply: Reply = DEFAULT_REPLIES[verb]!): Reply {
  return (line, conn) => {
    void latch.released.then(() => answer(reply, line, conn));
    return undefined;
  };
}

/** Never answers: a server that stalls on this command. */
export const noReply: Reply = () => undefined;

const EHLO_WITH_AUTH = ["250-fixture.helodesk.test greets you", "250-PIPELINING", "250-AUTH PLAIN LOGIN", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"].join("\r\n");

/**
 * A submission server that offers AUTH PLAIN and accepts exactly one user name and password
 * (RFC 4616: the initial response is base64 of authzid NUL authcid NUL passwd).
 */
export function authPlainServer(user: string, password: string): ScriptedServerOptions {
  return {
    replies: {
      EHLO: EHLO_WITH_AUTH,
      AUTH: (line) => {
        const [, mechanism, initial = ""] = line.split(" ");
        if (mechanism?.toUpperCase() !== "PLAIN") return "504 5.5.4 Unrecognized authentication type";
        const [, authcid, passwd] = Buffer.from(initial, "base64").toString("utf8").split("\0");
        return authcid === user && passwd === password ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed";
      },
    },
  };
}

/** Waits until the scripted server has read a line matching `pattern` from HeloDesk. */
export async function expectServerReceived(server: ScriptedServer, pattern: RegExp): Promise<void> {
  await expect
    .poll(() => server.allLines.some((l) => pattern.test(l)), { message: `the fixture server should receive a line matching ${pattern}` })
    .toBe(true);
}
