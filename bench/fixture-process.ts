import { startDnsServer } from "@/test/fixtures/dns-server";
import { SmtpSink } from "./lib/smtp-sink";

/**
 * The far side for the engine and swaks benches, in its own process so its work never lands on the
 * clock of the client being measured: an SMTP sink and a loopback DNS server answering PTR.
 */
async function main() {
  const sink = new SmtpSink();
  const smtpPort = await sink.listen();
  const dns = await startDnsServer({ "127.0.0.1": { PTR: ["localhost"] } });
  process.on("message", (message: { type: string }) => {
    if (message.type === "timings") {
      process.send!({ type: "timings", timings: sink.timings.splice(0), firstMessage: sink.firstMessage });
    } else if (message.type === "stop") {
      void Promise.all([sink.close(), dns.close()]).then(() => process.exit(0));
    }
  });
  process.send!({ type: "ready", smtpPort, dns: dns.server });
}

void main();
