import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { requireHaraka, startHaraka, type HarakaServer } from "../mta/haraka";
import { loopbackRequest, mappedTransport, run, testDeps } from "../support/engine";

describe.skipIf(requireHaraka().skip)("explore haraka", () => {
  let mta: HarakaServer;
  beforeAll(async () => { mta = await startHaraka(); });
  afterAll(() => mta?.stop());
  const dump = (name: string, doc: unknown) => writeFileSync(`/tmp/explore-haraka-${name}.json`, JSON.stringify(doc, null, 1));
  it("runs", async () => {
    const deps = () => testDeps({ ports: [mta.port] });
    dump("banner", await run(loopbackRequest(mta.port, { profile: "banner" }), deps()));
    dump("ehlo", await run(loopbackRequest(mta.port, { profile: "ehlo" }), deps()));
    dump("starttls", await run(loopbackRequest(mta.port, { profile: "starttls", trustCa: mta.ca }), deps()));
    dump("starttls-untrusted", await run(loopbackRequest(mta.port, { profile: "starttls" }), deps()));
    for (const mechanism of ["PLAIN", "LOGIN", "CRAM-MD5"] as const) {
      dump(`auth-${mechanism}`, await run(loopbackRequest(mta.port, { profile: "auth", trustCa: mta.ca, auth: { username: mta.user, password: mta.password, mechanism } }), deps()));
    }
    dump("auth-wrong", await run(loopbackRequest(mta.port, { profile: "auth", trustCa: mta.ca, auth: { username: mta.user, password: "wrong-pass-xyz", mechanism: "PLAIN" } }), deps()));
    dump("auth-587", await run(loopbackRequest(587, { profile: "auth", trustCa: mta.ca, auth: { username: mta.user, password: mta.password } }), testDeps({ transport: mappedTransport({ 587: mta.port }) })));
    dump("relay", await run(loopbackRequest(mta.port, { profile: "relay", trustCa: mta.ca }), deps()));
    dump("relay-auth", await run(loopbackRequest(mta.port, { profile: "relay", trustCa: mta.ca, auth: { username: mta.user, password: mta.password } }), deps()));
    dump("send", await run(loopbackRequest(mta.port, { profile: "send", trustCa: mta.ca, from: "sender@client.test", to: [`someone@${mta.localDomain}`] }), deps()));
    dump("send-bdat", await run(loopbackRequest(mta.port, { profile: "send", trustCa: mta.ca, chunking: true, dsn: true, from: "sender@client.test", to: [`someone@${mta.localDomain}`] }), deps()));
  }, 60_000);
});
