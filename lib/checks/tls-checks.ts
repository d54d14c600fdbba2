import type { Check } from "../schemas/check";
import { type SessionFacts, hasNote } from "./facts";

/** Certificates closer than this to expiry are flagged: renewal has likely failed. */
export const EXPIRY_WARNING_DAYS = 14;

export function tlsChecks(f: SessionFacts): Check[] {
  const checks: Check[] = [];
  const plainCaps = f.capabilities.find((c) => !c.tls && c.via === "EHLO");
  const tlsCaps = f.capabilities.find((c) => c.tls && c.via === "EHLO");
  const implicit = f.connect?.implicitTls ?? false;
  const has = (caps: typeof plainCaps, keyword: string) => caps?.capabilities.some((c) => c.keyword === keyword) ?? false;

  // The run asked for TLS (the starttls profile, or tls: starttls), so going without it is a failure.
  const required = hasNote(f, "starttls-missing")?.level === "error";
  if (plainCaps && !implicit) {
    const offered = has(plainCaps, "STARTTLS");
    const port = f.input.request.port;
    checks.push({
      id: "starttls-offered",
      status: offered ? "pass" : required ? "fail" : port === 25 || f.submissionPort ? "warn" : "info",
      title: "STARTTLS offered",
      detail: offered
        ? "The server offers STARTTLS, so mail to it can be encrypted."
        : `The server does not offer STARTTLS on port ${port}: mail ${port === 25 ? "to" : "through"} it travels unencrypted.`,
    });
  }

  const refused = hasNote(f, "starttls-refused");
  if (refused) {
    checks.push({
      id: "starttls",
      status: refused.level === "error" ? "fail" : "warn",
      title: "STARTTLS",
      detail: `${refused.text} ${refused.level === "error" ? "The connection was never encrypted." : "The rest of the session went unencrypted."}`,
    });
  }
  const clearAuth = authInClear(f);
  if (clearAuth) checks.push(clearAuth);

  const handshakeFailed = hasNote(f, "tls-handshake-failed") ?? hasNote(f, "tls-timeout") ?? hasNote(f, "plaintext-in-tls");
  if (handshakeFailed) {
    checks.push({ id: "tls-handshake", status: "fail", title: "TLS handshake", detail: handshakeFailed.text });
  }
  const injection = hasNote(f, "tls-injection");
  if (injection) checks.push({ id: "starttls-injection", status: "fail", title: "STARTTLS injection", detail: injection.text });

  if (f.tls) {
    const t = f.tls;
    const old = t.protocol !== null && /^(SSLv3|TLSv1(\.1)?)$/.test(t.protocol);
    checks.push({
      id: "tls-handshake",
      status: old ? "warn" : "pass",
      title: "TLS handshake",
      detail: `${t.protocol ?? "TLS"} with ${t.cipher ?? "an unknown cipher"}${old ? ": an outdated protocol version that current clients refuse" : ""}.`,
    });
    checks.push(certificateCheck(f));
  }

  if (f.submissionPort && plainCaps && !implicit) {
    const authInPlain = has(plainCaps, "AUTH");
    if (authInPlain) {
      checks.push({ id: "auth-before-tls", status: "warn", title: "AUTH before TLS", detail: "The server offers AUTH before STARTTLS on a submission port: a mail client could send its password unencrypted." });
    } else if (tlsCaps && has(tlsCaps, "AUTH")) {
      checks.push({ id: "auth-before-tls", status: "pass", title: "AUTH before TLS", detail: "AUTH is offered only after STARTTLS, so passwords are never sent in clear." });
    }
  }
  return checks;
}

/** AUTH sent on a connection without TLS: what crossed the network in clear depends on the mechanism. */
function authInClear(f: SessionFacts): Check | null {
  const sent = f.input.events.find((e) => e.type === "send" && e.command === "AUTH");
  if (sent?.type !== "send" || sent.tls) return null;
  // Credentials went out only with an initial response ("AUTH PLAIN <…>") or an answer to a 334:
  // "AUTH PLAIN" refused with 503 sent none.
  const carried = sent.line.trim().split(/\s+/).length > 2 || f.input.events.some((e) => e.type === "send" && e.command === "AUTH-DATA" && !e.tls);
  if (!carried) return null;
  const mechanism = (sent.line.split(" ")[1] ?? "").toUpperCase();
  const title = "Credentials encrypted";
  if (mechanism === "CRAM-MD5") {
    return { id: "auth-in-clear", status: "info", title, detail: "AUTH CRAM-MD5 ran without TLS: the password itself was not sent, but the user name and a hash of the password that can be attacked offline were." };
  }
  const what = mechanism === "XOAUTH2" ? "the access token" : "the user name and password";
  return {
    id: "auth-in-clear",
    status: "warn",
    title,
    detail: `AUTH${mechanism ? ` ${mechanism}` : ""} ran without TLS: ${what} crossed the network unencrypted, readable by anyone on the path. Authenticate after STARTTLS, or on port 465 with implicit TLS, and consider changing the password.`,
  };
}

function certificateCheck(f: SessionFacts): Check {
  const t = f.tls!;
  // Between MTAs (port 25) TLS is opportunistic and certificates are rarely enforced; mail clients on
  // submission ports refuse a bad certificate outright.
  const bad = f.submissionPort ? "fail" : "warn";
  const problems: string[] = [];
  let status: Check["status"] = "pass";
  const worse = (s: Check["status"]) => {
    if (s === "fail" || (s === "warn" && status === "pass")) status = s;
  };
  if (t.daysLeft !== null && t.daysLeft < 0) {
    problems.push(`it expired on ${t.validTo?.slice(0, 10)}`);
    worse(bad);
  } else if (t.daysLeft !== null && t.daysLeft < EXPIRY_WARNING_DAYS) {
    problems.push(`it expires in ${t.daysLeft} day${t.daysLeft === 1 ? "" : "s"} (${t.validTo?.slice(0, 10)})`);
    worse("warn");
  }
  if (t.selfSigned) {
    problems.push("it is self-signed");
    worse(bad);
  } else if (!t.chainVerified) {
    problems.push(`its chain does not verify (${t.verifyError ?? "unknown reason"})`);
    worse(bad);
  }
  if (t.hostnameMatch === false) {
    problems.push(`it does not cover ${t.hostnameChecked}`);
    worse(bad);
  }
  const who = t.subject ?? "unknown subject";
  if (problems.length === 0) {
    return {
      id: "certificate",
      status: "pass",
      title: "Certificate",
      detail: `Valid for ${t.hostnameChecked ?? who} until ${t.validTo?.slice(0, 10)} (${t.daysLeft} days left), issued by ${t.issuer ?? "an unknown issuer"}${t.customCa ? " (trusted through the CA you supplied)" : ""}.`,
    };
  }
  const context = f.submissionPort ? " Mail clients will refuse it." : " Most sending servers still deliver, but those that verify will not.";
  return { id: "certificate", status, title: "Certificate", detail: `The certificate (${who}) has problems: ${problems.join("; ")}.${status === "pass" ? "" : context}` };
}
