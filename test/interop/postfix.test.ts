import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startSession } from "@/server/engine/session";
import { requirePostfix, startPostfix, type PostfixServer } from "../mta/postfix";
import { loopbackRequest, mappedTransport, run, testDeps } from "../support/engine";

describe.skipIf(requirePostfix().skip)("explore postfix", () => {
  let mta: PostfixServer;
  beforeAll(async () => { mta = await startPostfix(); });
  afterAll(() => mta?.stop());
  const dump = (name: string, doc: unknown) => writeFileSync(`/tmp/explore-postfix-${name}.json`, JSON.stringify(doc, null, 1));
  it("runs", async () => {
    const deps = () => testDeps({ ports: [mta.port] });
    const t0 = Date.now();
    dump("banner", await run(loopbackRequest(mta.port, { profile: "banner" }), deps()));
    dump("ehlo", await run(loopbackRequest(mta.port, { profile: "ehlo" }), deps()));
    dump("starttls", await run(loopbackRequest(mta.port, { profile: "starttls", trustCa: mta.ca }), deps()));
    dump("starttls-untrusted", await run(loopbackRequest(mta.port, { profile: "starttls" }), deps()));
    dump("auth", await run(loopbackRequest(mta.port, { profile: "auth", trustCa: mta.ca, auth: { username: "x@y.test", password: "secret-pw-123" } }), deps()));
    dump("auth-587", await run(loopbackRequest(587, { profile: "starttls", trustCa: mta.ca }), testDeps({ transport: mappedTransport({ 587: mta.port }) })));
    dump("relay", await run(loopbackRequest(mta.port, { profile: "relay", trustCa: mta.ca }), deps()));
    dump("send", await run(loopbackRequest(mta.port, { profile: "send", trustCa: mta.ca, from: "sender@client.test", to: [mta.localUser] }), deps()));
    dump("send-unknown", await run(loopbackRequest(mta.port, { profile: "send", trustCa: mta.ca, from: "sender@client.test", to: [`nobody@${mta.localDomain}`] }), deps()));
    dump("send-dsn", await run(loopbackRequest(mta.port, { profile: "send", trustCa: mta.ca, dsn: true, from: "sender@client.test", to: [mta.localUser] }), deps()));
    dump("send-bdat", await run(loopbackRequest(mta.port, { profile: "send", trustCa: mta.ca, chunking: true, from: "sender@client.test", to: [mta.localUser] }), deps()));
    const s = startSession(loopbackRequest(mta.port, { profile: "interactive" }), deps());
    for await (const e of s.events()) if (e.type === "reply") break;
    const results = [];
    for (const line of ["EHLO me.client.test", "MAIL FROM:<sender@client.test>", `RCPT TO:<${mta.localUser}>`, "DATA", "Subject: typed", "", "hello", ".", "QUIT"]) results.push(await s.input(line));
    dump("interactive", await s.done);
    writeFileSync("/tmp/explore-postfix-results.json", JSON.stringify(results, null, 1));
    console.log("took", Date.now() - t0);
  }, 60_000);
});
