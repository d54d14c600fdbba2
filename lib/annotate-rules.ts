import type { ParsedEnhancedCode } from "./codes/enhanced-codes";
import type { ReplyContext } from "./annotate";
import { BLOCKLIST, DMARC, END_USER_ADDRESS, GREYLISTED, HELO_NAME, PTR, RATE_LIMIT, SPF, USER_UNKNOWN, namesAnotherReason } from "./refusal-reasons";
import type { ChallengeReading } from "./sasl-challenge";
import type { Verb } from "./schemas/events";
import type { Party, ReplyClass } from "./schemas/explanation";
import type { Reply } from "./schemas/reply";

/** What a rule may look at: the reply, its context, and what explain() already worked out. */
export interface Facts {
  reply: Reply;
  ctx: ReplyContext;
  class: ReplyClass;
  enhanced: ParsedEnhancedCode | null;
  /** All reply text on one line, for text patterns. */
  text: string;
  /** The command in plain words: "RCPT TO", "the greeting". */
  label: string;
  /** The recipient domain, or "that domain" when unknown. */
  domain: string;
  /** The decoded 334 challenge, if any, and what it asks for. */
  decoded: string | null;
  challenge: ChallengeReading | null;
}

type Said = string | ((f: Facts) => string);
type MaybeSaid = Said | null | ((f: Facts) => string | null);

/** Every field given must hold. */
export interface Condition {
  /** null stands for an unsolicited reply. */
  commands?: readonly (Verb | null)[];
  codes?: readonly number[];
  classes?: readonly ReplyClass[];
  /** Enhanced "subject.detail" keys of any class: "7.1" matches 4.7.1 and 5.7.1. */
  details?: readonly string[];
  text?: RegExp;
  when?: (f: Facts) => boolean;
}

export interface ReplyRule {
  id: string;
  /** One condition, or a list of which any may hold. */
  match: Condition | readonly Condition[];
  summary: Said;
  hint: MaybeSaid;
  action: MaybeSaid;
  party: Party | ((f: Facts) => Party);
  /** Where the behaviour is defined, when that is not the basic code's own reference. */
  reference?: string;
}

const FAILED: readonly ReplyClass[] = ["transient", "permanent"];
const PERMANENT: readonly ReplyClass[] = ["permanent"];
const TRANSIENT: readonly ReplyClass[] = ["transient"];

/** Refusal phrases only: Postfix's "User unknown in relay recipient table" is not a relay refusal. */
const RELAY =
  /relay(ing)?( access)? (denied|not (permitted|allowed)|prohibited|refused|disallowed)|unable to relay|(not|n't) (permitted|allowed|authori[sz]ed) to relay|(do|will|can) ?not relay|cannot relay|no relaying/i;
const GREY = /gr[ae]y ?list/i;
const DKIM = /\bdkim\b/i;
const MAILBOX_FULL = /mailbox (is )?full|over ?quota|quota exceeded|exceeded (its|the) (storage|quota)/i;
const TOO_BIG = /too (big|large)|size (limit|exceeded)|exceeds? (the )?(maximum|size|message size)/i;
const CONTENT = /spam|virus|malware|phish|content|attachment/i;

const typedOr = (otherwise: Party) => (f: Facts): Party => (f.ctx.typed ? "tester" : otherwise);
const hasDetail = (f: Facts, keys: readonly string[]) => f.enhanced !== null && keys.includes(f.enhanced.key);
/** A policy detail (X.7.n) in a range Microsoft uses outside the registry. */
const microsoftPolicy = (f: Facts, from: number, to: number) =>
  f.enhanced !== null && f.enhanced.subject === 7 && f.enhanced.detail >= from && f.enhanced.detail <= to;
/** Microsoft 365 reports blocked sending addresses as 5.7.606 to 5.7.649, and 5.7.708 ("traffic not accepted from this IP"). */
const microsoftIpBlock = (f: Facts) => microsoftPolicy(f, 606, 649) || hasDetail(f, ["7.708"]);
/** Microsoft 365 throttles sending addresses it knows little about with 4.7.500 to 4.7.699 ("Server busy"). */
const microsoftThrottle = (f: Facts) => f.class === "transient" && microsoftPolicy(f, 500, 699);
/** Microsoft 365 blocks a sending organisation (tenant) with 5.7.700 to 5.7.750. */
const microsoftTenantBlock = (f: Facts) => f.class === "permanent" && microsoftPolicy(f, 700, 750) && !hasDetail(f, ["7.708"]);
/** Postfix's refusal of the EHLO name, made when a later command arrives. */
const HELO_REJECTED = /helo command rejected/i;
/** Postfix's reject_non_fqdn_sender / _recipient: an address whose domain has no dot. */
const ADDRESS_NOT_FQDN = /(sender|recipient) address rejected: need fully[- ]qualified/i;

const relayWords = (f: Facts) => RELAY.test(f.text);
const otherReason = (f: Facts) => namesAnotherReason(f.text);
const outsideDomain = (f: Facts) => hasDetail(f, ["7.1"]) && f.ctx.recipientIsLocal === false && !otherReason(f);

/** A temporary policy refusal that is not greylisting, by the cause its text names. */
const DEFERRALS = {
  helo: {
    summary: "The server turns this client away for now because of the name it announced in EHLO (Postfix checks it at RCPT TO).",
    action: "Announce a fully qualified host name that resolves in DNS, then try again.",
    party: "tester",
  },
  rate: {
    summary: "The server turns this sender away for now: too much mail from this address or account (a rate limit).",
    action: "Wait for the limit to reset (often minutes to an hour); a sending server retries by itself.",
    party: "sender",
  },
  other: {
    summary: "The server's policy turns this sender, client or message away for now; the text says why.",
    action: "Read the text for the reason, fix it, then try again.",
    party: "sender",
  },
} as const satisfies Record<string, { summary: string; action: string; party: Party }>;
const deferral = (f: Facts) => DEFERRALS[HELO_NAME.test(f.text) ? "helo" : RATE_LIMIT.test(f.text) ? "rate" : "other"];

/** What a 503 usually means, by the command it answered. */
const SEQUENCE_HINTS: Partial<Record<Verb, (ctx: ReplyContext) => string>> = {
  MAIL: () =>
    "MAIL FROM needs EHLO (or HELO) first and may come only once per message (send RSET to start over); some servers want STARTTLS or AUTH first.",
  RCPT: () => "RCPT TO needs an accepted MAIL FROM first.",
  DATA: () => "DATA needs an accepted MAIL FROM and at least one accepted RCPT TO first.",
  BDAT: () => "BDAT needs an accepted MAIL FROM and RCPT TO first, and cannot be mixed with DATA in one message.",
  AUTH: (ctx) =>
    ctx.authenticated
      ? "The session is already logged in: AUTH works only once per session."
      : "AUTH must come after EHLO and outside a mail transaction; some servers want STARTTLS first.",
  STARTTLS: (ctx) =>
    ctx.tls ? "TLS is already active: STARTTLS cannot be sent twice." : "STARTTLS must come after EHLO.",
  EHLO: () => "The server did not expect a greeting at this point.",
  HELO: () => "The server did not expect a greeting at this point.",
};

function sequenceHint(f: Facts): string {
  // Postfix answers AUTH on a listener without SASL with "503 5.5.1 Error: authentication not enabled".
  if (f.ctx.command === "AUTH" && /not (enabled|available|supported|offered|allowed)/i.test(f.text)) {
    return "AUTH is not offered on this connection: it may be turned off on this port, or offered only after STARTTLS (see the EHLO list). Submission ports (587, 465) are where mail clients log in.";
  }
  const specific = f.ctx.command ? SEQUENCE_HINTS[f.ctx.command] : undefined;
  return specific ? specific(f.ctx) : "Commands go in this order: EHLO, (STARTTLS, EHLO, AUTH), MAIL FROM, RCPT TO, DATA.";
}

function relayHint(f: Facts): string {
  const parts = [
    "This is right and expected for an anonymous sender: a server that relays for anyone (an open relay) is soon abused by spammers.",
  ];
  if (f.ctx.profile === "relay") parts.push("For the relay test this is the PASS result: the server is not an open relay.");
  if (f.ctx.recipientIsLocal !== false) {
    parts.push(`If ${f.domain} should be one of this server's own domains, the server is not set up to accept it.`);
  }
  return parts.join(" ");
}

function recipientUnknownHint(f: Facts): string {
  if (hasDetail(f, ["1.10"])) {
    return "Microsoft 365 sends 5.1.10 (\"Recipient not found by SMTP address lookup\") when no mailbox has this address; in the registry 5.1.10 means a null MX, which the text would say.";
  }
  if (hasDetail(f, ["4.1"])) {
    return "Microsoft 365 sends 5.4.1 (\"Recipient address rejected: Access denied\") when the address is not in its directory (Directory-Based Edge Blocking), although the registry calls 5.4.1 \"No answer from host\".";
  }
  return "Servers use 5.1.1, 5.1.10 and 5.4.1 alike for this. An address that should exist may be missing from the server's directory: a sync delay, or an alias never set up.";
}

function authRequiredSummary(f: Facts): string {
  if (/starttls|\btls\b/i.test(f.text)) return `The server requires STARTTLS before ${f.label}.`;
  if (/auth/i.test(f.text)) return `The server requires authentication (AUTH) before ${f.label}.`;
  return `The server wants STARTTLS or AUTH before it accepts ${f.label}.`;
}

function authRequiredHint(f: Facts): string {
  if (!f.ctx.tls && f.ctx.starttlsOffered === false) {
    return "The session is not encrypted, and this server's EHLO did not offer STARTTLS: if it insists on TLS it is misconfigured, or it expects TLS from the first byte (port 465); otherwise AUTH is needed first.";
  }
  if (!f.ctx.tls) return "The session is not encrypted yet: STARTTLS comes first, then AUTH.";
  if (!f.ctx.authenticated) return "The session is encrypted but not logged in: AUTH is needed first.";
  return "The session is already logged in, yet the server refuses: the account may not be allowed to send.";
}

function authUnavailableHint(f: Facts): string {
  const parts: string[] = [];
  if (!f.ctx.tls) parts.push("Many servers offer AUTH only after STARTTLS.");
  if (f.ctx.port === 25) {
    parts.push("Port 25 is for mail between servers; mail clients log in on port 587 (or 465).");
  }
  return parts.length > 0 ? parts.join(" ") : "Check whether the EHLO reply lists AUTH at all.";
}

function challengeAction(f: Facts): string {
  switch (f.challenge?.kind) {
    case "username":
      return "Send the user name, base64-encoded.";
    case "password":
      return "Send the password, base64-encoded.";
    case "cram-md5":
      return "Send the CRAM-MD5 answer, base64-encoded.";
    case "oauth-error":
      return "Send an empty line to finish the exchange, then get a fresh token with the right scope.";
    default:
      return "Send the answer the mechanism expects, base64-encoded, or a single * to cancel.";
  }
}

function challengeHint(f: Facts): string {
  if (f.challenge) return f.challenge.hint;
  if (f.reply.text.join("").trim() === "") {
    return "An empty challenge: the client now sends its credentials (for AUTH PLAIN, one base64 string).";
  }
  return "The challenge is not readable text (binary data, as with GSSAPI, or not base64).";
}

/**
 * The rules, most specific first: the first one that matches explains the reply. Anything no rule
 * matches gets the class-based default in annotate.ts.
 */
export const REPLY_RULES: readonly ReplyRule[] = [
  // Replies nobody asked for.
  {
    id: "unsolicited-closing",
    match: { commands: [null], codes: [421] },
    summary: "The server sent a 421 without being asked: it is closing the connection.",
    hint: "Servers do this before dropping an idle connection, when overloaded, or when shutting down.",
    action: "Reconnect later; if it happens at once every time, ask the server's admin about connection limits.",
    party: "server-admin",
  },
  {
    id: "unsolicited",
    match: { commands: [null] },
    summary: (f) => `The server sent a ${f.reply.code} reply that answers no command.`,
    hint: "Nothing was waiting for a reply: a server may do this before closing, or a late answer arrived after its command timed out.",
    action: "Read the text; if the connection closes, reconnect and try again.",
    party: "server-admin",
  },

  // Exim refuses a client that sends before it has answered (RFC 5321 4.3.1: wait for each reply).
  {
    id: "synchronization-error",
    match: { classes: FAILED, text: /synchroni[sz]ation error/i },
    summary: "The server saw commands arrive before it had answered (an SMTP synchronization error), and refused them.",
    hint: "Without PIPELINING in the EHLO reply, a client must wait for each reply before the next command (Exim checks this strictly). Typing ahead or pasting several lines at once in a telnet-style session trips it.",
    action: "Send one command at a time and wait for each reply.",
    party: typedOr("sender"),
    reference: "RFC 5321 4.3.1; RFC 2920",
  },

  // Blocks on the address the test runs from.
  {
    id: "client-end-user-address",
    match: { classes: FAILED, text: END_USER_ADDRESS },
    summary: "The server takes no mail straight from this address: it looks like an end user's connection (a dynamic or residential address, as on Spamhaus's PBL), not a mail server.",
    hint: "In a test this is the address of the machine running HeloDesk. Real mail should leave through a mail server with a fixed address and matching reverse DNS, or through the provider's relay (a smarthost).",
    action: "Run the test from the sending mail server itself, or send through your provider's SMTP relay.",
    party: "tester",
  },
  {
    id: "microsoft-throttled",
    match: { when: microsoftThrottle },
    summary: "Microsoft 365 is holding back mail from the address this test connects from, for now: it throttles sending addresses it knows little about.",
    hint: "Microsoft uses 4.7.500 to 4.7.699 (\"Server busy. Please try again later\") for this, outside the registry; it clears as the address builds a history, much like greylisting.",
    action: "Retry later; a sending server retries by itself. If a real mail server meets this for hours, the recipient's admin can add a connector for it in Exchange Online.",
    party: "tester",
  },
  {
    id: "microsoft-tenant-blocked",
    match: { when: microsoftTenantBlock },
    summary: "Microsoft 365 refuses to send for this organisation: its sending is limited or blocked (5.7.700 to 5.7.750 are Microsoft's own codes).",
    hint: "Microsoft blocks a tenant that sent mail it judged as spam or went over a sending threshold, and refuses mail from a domain the tenant has not added as an accepted domain (5.7.750).",
    action: "The sending organisation's Microsoft 365 admin must check the restricted entities and accepted domains in the admin centre, or open a support request.",
    party: "sender",
  },
  {
    id: "client-blocklisted",
    match: [
      { classes: FAILED, text: BLOCKLIST },
      { classes: FAILED, when: microsoftIpBlock },
    ],
    summary: (f) =>
      `The server ${f.class === "transient" ? "is holding back" : "blocks"} the address this test connects from: it names a blocklist or bad reputation.`,
    hint: (f) =>
      microsoftIpBlock(f)
        ? "Microsoft 365 uses 5.7.606 to 5.7.649 for sending addresses on its own blocklist, and 5.7.708 for an address whose traffic it does not accept; these details are not in the registry."
        : "The block is on this tool's own address (the machine running the test), not on your mail server, which the server may judge differently.",
    action: "Look the address up on the list the text names and follow its removal steps, or run the test from the sending server itself.",
    party: "tester",
  },
  {
    id: "closing-tls-required",
    match: { codes: [421], text: /\b(tls|starttls|encryption)\b.{0,20}\b(required|needed|mandatory)|(requires?|must (issue|use)) (a )?(tls|starttls|encryption)/i },
    summary: "The server requires TLS and closes the connection: this session did not start TLS.",
    hint: "Some servers insist on STARTTLS for some recipient domains, or for every message, and hang up on a client that goes on without it.",
    action: "Send STARTTLS after EHLO, then EHLO again and go on inside TLS.",
    party: typedOr("sender"),
    reference: "RFC 3207",
  },
  {
    id: "closing",
    match: { codes: [421] },
    summary: (f) =>
      f.ctx.command === "CONNECT"
        ? "The server refuses new sessions right now (421) and closes the connection."
        : `The server is closing the connection (421) instead of answering ${f.label}.`,
    hint: "Common causes: overload or maintenance, too many connections or messages from this address (a rate limit), or the server timed out waiting for the client.",
    action: "Retry in a few minutes; if it keeps happening, ask the server's admin about connection and rate limits for this address.",
    party: "server-admin",
  },

  // The greeting.
  {
    id: "greeting-ready",
    match: { commands: ["CONNECT"], codes: [220] },
    summary: "The server is ready: this is its greeting (banner).",
    hint: "The text usually names the host and often its software; the name should match the host's reverse DNS.",
    action: "Send EHLO with your host name.",
    party: "nobody",
  },
  {
    id: "no-mail-service",
    match: [{ codes: [521] }, { commands: ["CONNECT"], codes: [554], text: /no smtp service|does not accept mail/i }],
    summary: "This host does not accept mail at all; that is not a block on your address.",
    hint: "RFC 7504: 521 means the host never receives mail. If the host came from an MX lookup, the domain's MX records point at the wrong host.",
    action: "Check the domain's MX records and test the host they name.",
    party: "dns",
    reference: "RFC 7504",
  },
  {
    id: "greeting-refused",
    match: { commands: ["CONNECT"], classes: PERMANENT },
    summary: "The server refused this session at the greeting: the address this test connects from is most likely blocked.",
    hint: (f) => `A ${f.reply.code} greeting refuses service to this client (RFC 5321 3.1 names 554 for it). Usually the connecting address is on a DNS blocklist (Spamhaus and the like) or blocked by local policy; the text often names the list.`,
    action: "Look up the test's address on the blocklist the text names, or run the test from the sending server's own address.",
    party: "tester",
    reference: "RFC 5321 3.1",
  },
  {
    id: "greeting-deferred",
    match: { commands: ["CONNECT"], classes: TRANSIENT },
    summary: (f) => `The server will not start a session right now (${f.reply.code}); this is temporary.`,
    hint: "Some servers do this while overloaded, or to slow down senders they do not know yet.",
    action: "Try again in a few minutes.",
    party: "server-admin",
  },

  // Domains that take no mail (RFC 7504, RFC 7505).
  {
    id: "recipient-null-mx",
    match: [{ codes: [556] }, { details: ["1.10"], text: /null ?mx/i }],
    summary: (f) => `The recipient's domain ${f.domain} accepts no mail: it publishes a null MX.`,
    hint: "The domain owner says on purpose that the domain receives no email (RFC 7505).",
    action: "Reach the recipient another way, or ask for a working address.",
    party: "recipient-admin",
    reference: "RFC 7504; RFC 7505",
  },
  {
    id: "sender-null-mx",
    match: { details: ["7.27"] },
    summary: "The sender's domain publishes a null MX, so bounces could not be returned; the server refuses it.",
    hint: "A domain that receives no mail should not be used as a sender address.",
    action: "Send from an address whose domain can receive mail, or remove the null MX.",
    party: "dns",
    reference: "RFC 7505",
  },

  // EHLO and HELO.
  {
    id: "ehlo-ok",
    match: { commands: ["EHLO"], codes: [250] },
    summary: "The server accepted EHLO and listed the extensions it supports.",
    hint: "Each line after the first names an extension, such as SIZE, STARTTLS, AUTH or PIPELINING.",
    action: null,
    party: "nobody",
  },
  {
    id: "helo-ok",
    match: { commands: ["HELO"], codes: [250] },
    summary: "The server accepted HELO; with HELO it lists no extensions.",
    hint: "HELO is the old greeting: it tells nothing about STARTTLS, AUTH or size limits. EHLO does.",
    action: null,
    party: "nobody",
  },
  {
    id: "ehlo-unsupported",
    match: { commands: ["EHLO"], codes: [500, 502] },
    summary: "The server does not support EHLO: a client falls back to HELO.",
    hint: "Very old or stripped-down servers, and some firewalls that filter SMTP, answer EHLO this way (RFC 5321 3.2). Without EHLO there is no STARTTLS and no AUTH.",
    action: "Send HELO with your host name instead.",
    party: "server-admin",
    reference: "RFC 5321 3.2",
  },
  {
    id: "greeting-name-syntax",
    match: { commands: ["EHLO", "HELO"], codes: [501] },
    summary: (f) => `The server refused the ${f.label} argument: the host name is missing or malformed, or it does not take ${f.label}.`,
    hint: "Give a fully qualified host name (mail.example.com) or an address literal such as [192.0.2.1]. If HELO works where EHLO failed, the server does not support EHLO.",
    action: "Repeat the greeting with a valid host name; if that fails too, try HELO.",
    party: typedOr("sender"),
  },
  {
    id: "greeting-name-refused",
    match: { commands: ["EHLO", "HELO"], classes: PERMANENT, when: (f) => f.reply.code !== 503 },
    summary: "The server refused the greeting: it does not accept this host name or this client.",
    hint: "Some servers reject names that do not resolve, that do not match the connecting address, or that claim to be the server itself.",
    action: "Use a fully qualified host name that resolves to the address the test connects from.",
    party: "tester",
  },

  // STARTTLS (RFC 3207).
  {
    id: "starttls-ready",
    match: { commands: ["STARTTLS"], codes: [220] },
    summary: "Ready to start TLS: the TLS handshake comes next.",
    hint: "Anything sent before the handshake is thrown away; the client says EHLO again inside TLS.",
    action: "Start the TLS handshake, then send EHLO again.",
    party: "nobody",
    reference: "RFC 3207 4",
  },
  {
    id: "starttls-pipelined",
    match: { commands: ["STARTTLS"], classes: FAILED, text: /pipelin/i },
    summary: "The server refused STARTTLS because more commands came right behind it: nothing may follow STARTTLS before the TLS handshake.",
    hint: "Data sent after STARTTLS and before the handshake could be injected by anyone on the path, so servers refuse it (RFC 3207 6). In a telnet-style session, send STARTTLS on its own line and wait.",
    action: "Send STARTTLS alone, wait for its 220, then start TLS.",
    party: typedOr("sender"),
    reference: "RFC 3207 6",
  },
  {
    id: "starttls-unavailable",
    match: { commands: ["STARTTLS"], codes: [454] },
    summary: "TLS is not available right now.",
    hint: "A temporary problem on the server, often a missing, expired or unreadable certificate.",
    action: "Ask the server's admin to check the TLS certificate and configuration; mail sent meanwhile may travel unencrypted.",
    party: "server-admin",
    reference: "RFC 3207 4",
  },
  {
    id: "starttls-arguments",
    match: { commands: ["STARTTLS"], codes: [501] },
    summary: "STARTTLS takes no arguments.",
    hint: null,
    action: "Send STARTTLS on its own.",
    party: typedOr("sender"),
    reference: "RFC 3207 4",
  },
  {
    id: "starttls-unsupported",
    match: { commands: ["STARTTLS"], codes: [500, 502] },
    summary: "The server does not support STARTTLS, so mail to it travels unencrypted.",
    hint: "Check whether the EHLO reply listed STARTTLS: some firewalls with SMTP inspection hide it (they show XXXXXXXA instead) and answer STARTTLS with an error.",
    action: "Ask the server's admin to enable STARTTLS with a valid certificate, and to check that no firewall rewrites SMTP.",
    party: "server-admin",
  },

  // AUTH (RFC 4954).
  {
    id: "auth-challenge",
    match: { codes: [334] },
    summary: (f) =>
      f.challenge?.kind === "oauth-error"
        ? "The server refused the OAuth token and reports why in the challenge."
        : "The server waits for the next step of the AUTH exchange.",
    hint: challengeHint,
    action: challengeAction,
    party: (f) => (f.challenge?.kind === "oauth-error" ? "sender" : "nobody"),
    reference: "RFC 4954 4",
  },
  {
    id: "auth-ok",
    match: { codes: [235] },
    summary: "Authentication succeeded: the session is logged in.",
    hint: null,
    action: "Go on with MAIL FROM.",
    party: "nobody",
  },
  {
    id: "auth-m365-disabled",
    match: { codes: [535], text: /SmtpClientAuthentication is disabled/i },
    summary: "Authentication refused: SMTP AUTH is turned off for this Microsoft 365 mailbox or organisation.",
    hint: "Microsoft 365 switches basic SMTP AUTH off by default, so the password may well be right.",
    action: "An Exchange admin must enable Authenticated SMTP for the mailbox (or organisation), or the client must use OAuth.",
    party: "sender",
  },
  {
    // Exchange (on-premises) answers a failed sign-in with 5.7.3, whose registry title is about
    // security conversion; Exchange Online answers 5.7.139 (above) or 5.7.3 as well.
    id: "auth-exchange",
    match: { codes: [535], details: ["7.3"] },
    summary: "Authentication failed: Exchange did not accept this sign-in (5.7.3 is Exchange's code for it, not the registry's \"security conversion\").",
    hint: "Exchange gives this one answer for a wrong password, a user name in a form it does not take (try both DOMAIN\\user and the full address), a locked account or an expired password, and a receive connector that does not offer authenticated submission to this account.",
    action: "Sign in to Outlook on the web with the same user name and password: if that fails, fix the account; if it works, the Exchange admin must check the receive connector (on port 587, the Client Frontend connector) and the account's SMTP AUTH setting.",
    party: "sender",
  },
  {
    id: "auth-google",
    match: {
      codes: [534, 535],
      text: /BadCredentials|Username and Password not accepted|Application-specific password|InvalidSecondFactor|WebLoginRequired|log ?in via your web browser|accounts\.google\.com/i,
    },
    summary: (f) =>
      hasDetail(f, ["7.14"]) || /web ?login|web browser/i.test(f.text)
        ? "Google refused the sign-in until someone signs in to the account in a web browser (a security check)."
        : "Google refused the password.",
    hint: "Gmail and Google Workspace take an app password (for accounts with 2-step verification) or OAuth (XOAUTH2), not the normal account password. After a sign-in it finds unusual, Google asks for one sign-in in a browser first.",
    action: "Create an app password for the account, or switch the client to OAuth; if the text asks for it, sign in once at accounts.google.com from a browser.",
    party: "sender",
  },
  {
    id: "auth-account-disabled",
    match: { details: ["7.13"] },
    summary: "The account is disabled: the credentials may be right, but it may not log in.",
    hint: null,
    action: "Ask the mail provider's admin to enable the account again.",
    party: "server-admin",
    reference: "RFC 5248",
  },
  {
    id: "auth-invalid",
    match: [{ codes: [535] }, { commands: ["AUTH", "AUTH-DATA"], details: ["7.8"] }],
    summary: "Authentication failed: the server did not accept these credentials.",
    hint: "The user name or password is wrong (the user name is often the full address), or password sign-in is off for the account: Microsoft 365 says \"SmtpClientAuthentication is disabled\", and Google needs an app password or OAuth.",
    action: "Check the user name and password, and that the account may use SMTP AUTH.",
    party: "sender",
  },
  {
    id: "auth-too-weak",
    // X.7.9 answers AUTH (RFC 4954 6); Yahoo sends 554 5.7.9 for a message refused by policy.
    match: [{ codes: [534] }, { commands: ["AUTH", "AUTH-DATA"], details: ["7.9"] }],
    summary: "The server will not accept this AUTH mechanism for this account: it is too weak.",
    hint: "Choose a stronger mechanism from the AUTH line of the EHLO reply, or run STARTTLS first.",
    action: "Use a stronger mechanism, or authenticate inside TLS.",
    party: "sender",
  },
  {
    id: "auth-needs-encryption",
    match: [{ codes: [538] }, { commands: ["AUTH", "AUTH-DATA"], details: ["7.10", "7.11"] }],
    summary: "This AUTH mechanism is only allowed over an encrypted connection.",
    hint: (f) =>
      f.ctx.tls
        ? "The session is already in TLS; the server may want a stronger mechanism instead."
        : "Otherwise the password would cross the network readable by anyone on the path.",
    action: "Run STARTTLS first (or connect to port 465 with TLS), then AUTH again.",
    party: "sender",
  },
  {
    id: "auth-password-transition",
    match: [{ codes: [432] }, { details: ["7.12"] }],
    summary: "A password transition is needed before this AUTH mechanism works.",
    hint: "The server needs one login with PLAIN to set up the chosen mechanism for this account.",
    action: "Log in once with AUTH PLAIN inside TLS, then use the chosen mechanism.",
    party: "sender",
  },
  {
    id: "auth-temporary",
    match: { commands: ["AUTH", "AUTH-DATA"], classes: TRANSIENT },
    summary: "Temporary authentication failure: the server could not check the credentials right now.",
    hint: "Its password or directory back end is often unreachable or slow; some providers answer this way when they throttle logins.",
    action: "Try again in a few minutes; if it persists, ask the server's admin.",
    party: "server-admin",
  },
  {
    id: "auth-line-too-long",
    match: [{ details: ["5.6"] }, { commands: ["AUTH-DATA"], codes: [500] }],
    summary: "An AUTH line was too long for the server.",
    hint: "A base64 credential longer than the server's buffer; OAuth tokens in particular are long.",
    action: "Check the token or credentials; a shorter mechanism may help.",
    party: "sender",
  },
  {
    id: "auth-mechanism-unsupported",
    match: { commands: ["AUTH"], codes: [504] },
    summary: "The server does not support this AUTH mechanism.",
    hint: null,
    action: "Pick a mechanism from the AUTH line of the EHLO reply.",
    party: "sender",
  },
  {
    id: "auth-unreadable",
    match: { commands: ["AUTH", "AUTH-DATA"], codes: [501] },
    summary: "The server could not read the AUTH data: bad base64, or the exchange was cancelled.",
    hint: "Each AUTH step is one base64 line; a line holding only * cancels the exchange.",
    action: "Encode the credentials again and retry.",
    party: typedOr("sender"),
  },
  {
    id: "auth-unavailable",
    match: { commands: ["AUTH"], codes: [500, 502] },
    summary: "The server does not offer AUTH here.",
    hint: authUnavailableHint,
    action: "Run STARTTLS first, or connect to the submission port 587.",
    party: "sender",
  },
  {
    id: "auth-required",
    match: { codes: [530] },
    summary: authRequiredSummary,
    hint: authRequiredHint,
    action: "Send STARTTLS (if not in TLS yet), then AUTH with a valid account. Mail for the server's own domains needs no login on port 25 of its MX.",
    party: "sender",
    reference: "RFC 4954 6; RFC 3207 4",
  },

  // Checks on the sending address and domain (RFC 7372).
  {
    id: "reverse-dns",
    match: [{ details: ["7.25"] }, { classes: FAILED, text: PTR }],
    summary: "The server checked the reverse DNS (PTR) of the connecting address, and the check failed.",
    hint: "In a test, the connecting address is this tool's; for real mail it is your sending server's, which needs a PTR record whose name points back to the same address.",
    action: "The owner of the sending address (usually its ISP or hosting provider) must set a PTR record that matches the server's name.",
    party: "dns",
    reference: "RFC 7372",
  },
  {
    id: "spf-failed",
    // Gmail's 5.7.26 names SPF and DKIM both: that is the multiple-checks rule's, not SPF's alone.
    match: [{ details: ["7.23", "7.24"] }, { classes: FAILED, text: SPF, when: (f) => !hasDetail(f, ["7.26"]) && !DKIM.test(f.text) && !DMARC.test(f.text) }],
    summary: (f) =>
      hasDetail(f, ["7.24"])
        ? "Checking SPF for the sender's domain ended in an error."
        : "SPF failed: the sender domain's SPF record does not allow the address this mail came from.",
    hint: "A test connects from this tool's address, which the sender domain's SPF record rightly does not list; for real mail, the record must list every sending server.",
    action: "The sender domain's DNS admin must list all real sending servers in its SPF record, and fix any syntax errors.",
    party: "dns",
    reference: "RFC 7372; RFC 7208",
  },
  {
    id: "dkim-failed",
    // Like SPF: a reply that names DKIM with SPF or DMARC, or Gmail's 5.7.26, is the multiple-checks rule's.
    match: [{ details: ["7.20", "7.21", "7.22"] }, { classes: FAILED, text: DKIM, when: (f) => !hasDetail(f, ["7.26"]) && !SPF.test(f.text) && !DMARC.test(f.text) }],
    summary: "DKIM failed: the message has no valid signature the server accepts for the sender's domain.",
    hint: null,
    action: "The sender's admin must sign outgoing mail with DKIM and publish the key in DNS.",
    party: "dns",
    reference: "RFC 7372",
  },
  {
    id: "dmarc-failed",
    match: [{ details: ["7.26"] }, { classes: FAILED, text: DMARC }],
    summary: "The message failed the sender domain's authentication checks (SPF, DKIM, DMARC).",
    hint: "Gmail answers 5.7.26 for unauthenticated mail; Microsoft answers 5.7.509 when DMARC fails.",
    action: "The sender domain's DNS admin must make SPF or DKIM pass, aligned with the From domain.",
    party: "dns",
    reference: "RFC 7372",
  },

  // Postfix's checks of the EHLO name, the client and the addresses' form, answered at RCPT TO (or MAIL FROM).
  {
    id: "helo-name-refused-later",
    match: { commands: ["MAIL", "RCPT", "DATA"], classes: PERMANENT, text: HELO_REJECTED },
    summary: (f) =>
      /fully[- ]qualified/i.test(f.text)
        ? "The server refused the name this client announced in EHLO: it is not a fully qualified host name (Postfix checks it when RCPT TO arrives)."
        : /invalid name/i.test(f.text)
          ? "The server refused the name this client announced in EHLO: it is not a valid host name (Postfix checks it when RCPT TO arrives)."
          : "The server refused the name this client announced in EHLO (Postfix checks it when RCPT TO arrives); the text says why.",
    hint: "Bare names such as localhost, names that do not resolve, names claiming to be the server itself, and names of dynamic address ranges are common reasons. An address literal such as [192.0.2.1] is always well formed.",
    action: "Announce a fully qualified host name that resolves to the address the test connects from (for example the sending server's own name), then try again.",
    party: "tester",
  },
  {
    id: "address-not-fqdn",
    match: { commands: ["MAIL", "RCPT"], classes: FAILED, text: ADDRESS_NOT_FQDN },
    summary: (f) =>
      `The server refused the ${/sender address/i.test(f.text) ? "sender" : "recipient"} address: its domain is not fully qualified (name@localhost instead of name@example.com).`,
    hint: null,
    action: (f) => `Give a full address, such as ${f.label}:<name@example.com>.`,
    party: typedOr("sender"),
  },
  {
    id: "client-refused",
    match: { commands: ["MAIL", "RCPT", "DATA"], classes: PERMANENT, text: /client host rejected/i },
    summary: "The server refuses this client: the address this test connects from is not allowed to send here.",
    hint: "Postfix says \"Client host rejected\" when its access rules, or a check on the client's name, turn the connecting address away; the text after it says which.",
    action: "Run the test from the sending server itself, or ask the server's admin which addresses it accepts mail from.",
    party: "tester",
  },

  // RCPT TO.
  {
    id: "relay-refused-authenticated",
    match: {
      commands: ["RCPT"],
      classes: PERMANENT,
      when: (f) => f.ctx.authenticated === true && (relayWords(f) || outsideDomain(f)),
    },
    summary: "The server refuses to relay even though the session is logged in.",
    hint: "The account may not send to outside domains, or may not send as this MAIL FROM address.",
    action: "Ask the server's admin to let this account relay, or send as the account's own address.",
    party: "server-admin",
  },
  {
    id: "relay-refused",
    match: [
      { commands: ["RCPT"], classes: FAILED, when: (f) => f.ctx.authenticated !== true && relayWords(f) },
      { commands: ["RCPT"], classes: PERMANENT, when: (f) => f.ctx.authenticated !== true && outsideDomain(f) },
    ],
    summary: (f) => `Relaying refused: the server will not pass mail on to ${f.domain} for a sender that has not logged in.`,
    hint: relayHint,
    // The relay test hopes for this refusal (its PASS): there is nothing to fix, only outside it.
    action: (f) =>
      f.ctx.profile === "relay"
        ? "Nothing to do: refusing to relay for a sender that has not logged in is what a safe server does."
        : `Check that ${f.domain} is a domain this server accepts mail for; to send to other domains, log in with AUTH on port 587.`,
    party: (f) => (f.ctx.profile === "relay" ? "nobody" : "sender"),
  },
  {
    id: "greylisted",
    match: [
      { classes: TRANSIENT, text: GREY },
      // Postfix also answers 450 4.7.1 for a HELO name that does not resolve and for rate limits.
      { commands: ["RCPT"], codes: [450, 451], details: ["7.1"], when: (f) => !otherReason(f) && !relayWords(f) },
    ],
    summary: GREYLISTED,
    hint: "Greylisting refuses a new combination of sending address, sender and recipient for a few minutes; real mail servers retry and get through. Here the test's own address is being greylisted, which is harmless.",
    action: "Retry in 5–15 minutes from the same address; a normal mail server does this by itself.",
    party: "tester",
  },
  {
    // What greylisting leaves of 4.7.1: Postfix's HELO check and rate limit, a temporary block.
    id: "policy-deferred",
    match: { commands: ["MAIL", "RCPT"], codes: [450, 451], details: ["7.1"] },
    summary: (f) => deferral(f).summary,
    hint: "4.7.1 is a temporary policy refusal. Unlike greylisting, retrying helps only once the cause the text names is gone.",
    action: (f) => deferral(f).action,
    party: (f) => deferral(f).party,
  },
  {
    id: "recipient-refused-by-policy",
    match: { commands: ["RCPT"], classes: PERMANENT, details: ["7.1"], when: (f) => f.ctx.recipientIsLocal === true && !HELO_NAME.test(f.text) },
    summary: (f) => `The server takes mail for ${f.domain} but refuses it from this sender for this recipient (a policy block).`,
    hint: "Often the recipient accepts only internal senders (a restricted group or list), or the sending address or domain is blocked.",
    action: "Read the text for the reason; the recipient's admin decides who may send to this address.",
    party: "recipient-admin",
  },
  {
    id: "recipient-unknown",
    match: [
      { commands: ["RCPT", "DATA-END", "BDAT"], classes: PERMANENT, details: ["1.1", "1.10", "4.1"] },
      { commands: ["RCPT"], classes: PERMANENT, text: USER_UNKNOWN },
    ],
    summary: "The server says this recipient does not exist.",
    hint: recipientUnknownHint,
    action: "Check the spelling of the address; if it is right, the recipient's admin must create the mailbox or alias, or fix directory sync.",
    party: "recipient-admin",
  },
  {
    id: "recipient-unverified",
    match: { commands: ["RCPT"], classes: TRANSIENT, details: ["1.1"] },
    summary: "The server cannot confirm this recipient right now.",
    hint: "Some servers check the address with the next server before accepting it (Postfix answers 450 4.1.1 for an unverified address); it may turn into 550 5.1.1 if the mailbox does not exist.",
    action: "Check the spelling and retry in a few minutes.",
    party: "recipient-admin",
  },
  {
    id: "address-syntax",
    match: { commands: ["MAIL", "RCPT"], codes: [501], when: (f) => !hasDetail(f, ["1.2", "1.8"]) },
    summary: (f) => `The server could not read the ${f.label} address.`,
    hint: (f) =>
      `Write it as ${f.label}:<name@example.com>: the colon right after ${f.ctx.command === "MAIL" ? "FROM" : "TO"}, no space before it, and angle brackets around the address.`,
    action: (f) => `Send it again as ${f.label}:<name@example.com>.`,
    party: typedOr("sender"),
    reference: "RFC 5321 4.1.2",
  },
  {
    id: "recipient-domain-unknown",
    match: { details: ["1.2"] },
    summary: (f) =>
      f.class === "transient"
        ? "The server cannot look up the recipient's domain right now."
        : "The recipient's domain does not exist or cannot receive mail.",
    hint: null,
    action: "Check the spelling of the domain, and that it has MX (or address) records.",
    party: "dns",
  },
  {
    id: "recipient-syntax",
    match: { details: ["1.3"] },
    summary: "The recipient address is not written correctly.",
    hint: null,
    action: "Write it as RCPT TO:<name@example.com>.",
    party: typedOr("sender"),
  },
  {
    id: "sender-address-refused",
    match: { details: ["1.7", "1.8"] },
    summary: (f) =>
      hasDetail(f, ["1.8"])
        ? "The server refused the sender address: its domain does not exist or cannot receive replies."
        : "The server refused the sender address: it is not written correctly.",
    hint: "Servers check that bounces could reach the sender, so the sender's domain must exist and take mail.",
    action: "Use a sender address whose domain exists and receives mail.",
    party: (f) => (hasDetail(f, ["1.8"]) ? "dns" : typedOr("sender")(f)),
  },
  {
    // Gmail: "450 4.2.1 The user you are trying to contact is receiving mail too quickly" (or "at a rate that prevents…").
    id: "recipient-receiving-too-fast",
    match: { classes: TRANSIENT, details: ["2.1"], text: /too quickly|at a rate|\brate\b|too many messages/i },
    summary: "The recipient's mailbox takes no more mail for now: it is receiving mail faster than its provider allows.",
    hint: "Gmail sends 4.2.1 for this. The limit is on the recipient, not on this sender; it clears by itself.",
    action: "Retry later; a sending server retries by itself. If many messages go to this mailbox at once (a loop or a bulk mailing), slow them down.",
    party: "recipient-admin",
  },
  {
    id: "mailbox-disabled",
    match: { details: ["2.1"] },
    summary: (f) =>
      f.class === "transient"
        ? "The recipient's mailbox exists but takes no mail for now."
        : "The recipient's mailbox exists but is disabled and takes no mail.",
    hint: null,
    action: "Ask the recipient's admin whether the mailbox is still in use.",
    party: "recipient-admin",
  },
  {
    id: "mailbox-full",
    match: [{ details: ["2.2"] }, { classes: FAILED, text: MAILBOX_FULL }],
    summary: "The recipient's mailbox is full.",
    hint: "RFC 3463 calls a full mailbox a persistent transient failure: it clears once mail is deleted, so sending servers retry for a while even when the code is 552.",
    action: "The recipient must delete mail or their admin must raise the quota; then send again.",
    party: "recipient-admin",
    reference: "RFC 3463 3.3",
  },
  {
    id: "message-too-big",
    match: [{ details: ["3.4", "2.3", "7.16"] }, { codes: [552], text: TOO_BIG }],
    summary: "The message is too big for the server.",
    hint: "Compare with the SIZE limit in the EHLO reply; base64 makes attachments about a third larger.",
    action: "Send a smaller message (link large files instead), or ask the server's admin to raise the limit.",
    party: "sender",
  },
  {
    id: "too-many-recipients",
    match: [{ details: ["5.3"] }, { classes: FAILED, text: /too many recipients/i }],
    summary: "Too many recipients for one message: the server takes no more.",
    hint: "The recipients accepted so far still count; the rest go in another transaction.",
    action: "Send the remaining recipients in a separate message.",
    party: "sender",
    reference: "RFC 5321 4.5.3.1.10",
  },
  {
    id: "storage-full",
    match: [{ details: ["3.1"] }, { commands: ["MAIL", "DATA", "DATA-END", "BDAT"], codes: [452] }],
    summary: "The server is short of storage and cannot take the message now.",
    hint: null,
    action: "Retry later; the server's admin must free space.",
    party: "server-admin",
  },
  {
    id: "content-rejected",
    match: [
      { classes: FAILED, details: ["6.0"] },
      { commands: ["DATA-END", "BDAT"], classes: PERMANENT, text: CONTENT },
    ],
    summary: "The server refused the message content (a spam or malware filter, or a content rule).",
    hint: "The text usually gives the reason: a spam score, a blocked attachment type, a link on a blocklist.",
    action: "Read the reason; test again with a short plain-text message to narrow it down.",
    party: "sender",
  },
  {
    id: "international-address",
    match: { classes: FAILED, details: ["6.7", "6.8", "6.9", "6.10"] },
    summary: "The server cannot handle the non-ASCII (internationalised) addresses or headers of this message.",
    hint: "Addresses and headers with non-ASCII characters need SMTPUTF8 on every server on the way (RFC 6531).",
    action: "Use an ASCII address for this recipient, or a server that supports SMTPUTF8.",
    party: "sender",
    reference: "RFC 6531",
  },

  // MAIL FROM and parameters.
  {
    id: "mail-ok",
    match: { commands: ["MAIL"], codes: [250] },
    summary: "The server accepted the sender address (MAIL FROM).",
    hint: null,
    action: "Go on with RCPT TO.",
    party: "nobody",
  },
  {
    id: "sender-refused",
    match: { commands: ["MAIL"], codes: [550, 553, 554] },
    summary: "The server refused this sender address.",
    hint: "The server does not let this client or account send as that address, or it blocks the sender or its domain.",
    action: "Use an address the account owns, or ask the server's admin why the sender is refused.",
    party: "sender",
  },
  {
    id: "parameters-unsupported",
    match: { commands: ["MAIL", "RCPT"], codes: [555, 504] },
    summary: "The server does not support a parameter given after the address (such as SIZE=, BODY=8BITMIME, SMTPUTF8 or NOTIFY=).",
    hint: "Only use parameters for extensions the EHLO reply listed.",
    action: "Send the command again without the parameter.",
    party: "sender",
  },
  {
    id: "parameters-later",
    match: { codes: [455] },
    summary: "The server cannot handle these parameters right now.",
    hint: null,
    action: "Retry later, or without the parameters.",
    party: "server-admin",
  },

  // RCPT TO accepted, or not here.
  {
    id: "recipient-ok",
    match: { commands: ["RCPT"], codes: [250] },
    summary: "The server accepted the recipient.",
    hint: "This does not prove the mailbox exists: some servers accept every address and bounce unknown ones later.",
    action: null,
    party: "nobody",
  },
  {
    id: "recipient-forwarded",
    match: { codes: [251] },
    summary: "The recipient is not on this server, but the server will forward the message.",
    hint: null,
    action: null,
    party: "nobody",
  },
  {
    id: "recipient-not-local",
    match: { codes: [551] },
    summary: "The recipient is not on this server, and it will not forward.",
    hint: "The text may name the right address or server.",
    action: "Send to the address the text gives.",
    party: "sender",
  },
  {
    id: "server-not-accepting",
    match: { classes: TRANSIENT, details: ["3.2"] },
    summary: "The server is not accepting mail right now (\"system not accepting network messages\").",
    hint: "Postfix's postscreen answers 450 4.3.2 \"Service currently unavailable\" at RCPT TO when a client failed one of its tests after the greeting (a first visit, or commands sent ahead without PIPELINING); a new connection a little later usually passes, much like greylisting. Otherwise the server is shutting down or overloaded.",
    action: "Connect again in a minute or two; a sending server retries by itself.",
    party: "tester",
  },
  {
    id: "recipient-busy",
    match: { commands: ["RCPT"], codes: [450], when: (f) => f.enhanced === null || f.enhanced.subject === 2 },
    summary: "The recipient's mailbox is not available right now.",
    hint: "A busy mailbox or a temporary policy block; the text says which.",
    action: "Retry later.",
    party: "recipient-admin",
  },

  // DATA and the message.
  {
    id: "data-go-ahead",
    match: { commands: ["DATA"], codes: [354] },
    summary: "Go ahead: send the message, then end it with a line holding a single dot.",
    hint: "Headers first, then a blank line, then the body. A line that starts with a dot is sent with an extra dot.",
    action: "Send the message and finish with a line containing only \".\".",
    party: "nobody",
    reference: "RFC 5321 4.5.2",
  },
  {
    id: "data-no-recipients",
    match: { commands: ["DATA", "BDAT"], classes: PERMANENT, text: /no (valid )?recipients/i },
    summary: "No recipient was accepted, so there is nothing to send.",
    hint: null,
    action: "Fix the refused RCPT TO first, then send DATA.",
    party: "sender",
  },
  {
    id: "message-accepted",
    match: { commands: ["DATA-END", "BDAT"], codes: [250, 251] },
    summary: (f) =>
      f.ctx.command === "BDAT"
        ? "The server took the chunk; after the LAST chunk this means the message is accepted and queued for delivery."
        : "The server accepted the message and queued it for delivery.",
    hint: "Accepted is not delivered: spam filtering and delivery to the inbox come after this. The text often holds a queue ID to quote when tracing the message.",
    action: null,
    party: "nobody",
    reference: "RFC 5321 4.1.1.4",
  },
  {
    id: "message-local-error",
    match: { commands: ["DATA-END", "BDAT"], codes: [451] },
    summary: "The server hit an error while taking the message and did not accept it.",
    hint: "Often a content scanner or storage problem on the server.",
    action: "Retry later; if it keeps failing, give the server's admin the time and the reply text.",
    party: "server-admin",
  },
  {
    id: "message-refused",
    match: { commands: ["DATA-END", "BDAT"], classes: PERMANENT },
    summary: "The server refused the message after receiving it.",
    hint: "Refusals after the final dot are about the message: content filtering, authentication checks (SPF, DKIM, DMARC) or size.",
    action: "Read the text for the reason.",
    party: "sender",
  },

  // Session housekeeping.
  {
    id: "goodbye",
    match: { commands: ["QUIT"], codes: [221, 250] },
    summary: "The server says goodbye and closes the connection.",
    hint: null,
    action: null,
    party: "nobody",
  },
  {
    id: "closing-unasked",
    match: { codes: [221] },
    summary: "The server is closing the connection.",
    hint: "It closes without a QUIT from the client, often after an error or a time limit.",
    action: null,
    party: "nobody",
  },
  {
    id: "reset",
    match: { commands: ["RSET"], codes: [250] },
    summary: "The transaction was reset: the next message starts again with MAIL FROM.",
    hint: null,
    action: null,
    party: "nobody",
  },
  {
    id: "noop",
    match: { commands: ["NOOP"], codes: [250] },
    summary: "The server is alive and answering (NOOP does nothing else).",
    hint: null,
    action: null,
    party: "nobody",
  },
  {
    id: "verify-confirmed",
    match: { commands: ["VRFY", "EXPN"], codes: [250, 251] },
    summary: "The server confirmed the address.",
    hint: "Most servers switch VRFY and EXPN off to stop address harvesting; this one answers.",
    action: null,
    party: "nobody",
  },
  {
    id: "verify-declined",
    match: { commands: ["VRFY"], codes: [252] },
    summary: "The server will not confirm addresses, but would accept mail for this one.",
    hint: "That is normal: answering VRFY would help spammers harvest addresses.",
    action: null,
    party: "nobody",
  },
  {
    // Postfix with VRFY on answers "550 5.1.1 <x>: Recipient address rejected: User unknown": an answer, not a refusal.
    id: "verify-unknown",
    match: { commands: ["VRFY", "EXPN"], codes: [550], when: (f) => f.enhanced?.subject === 1 || USER_UNKNOWN.test(f.text) },
    summary: (f) => `The server answered ${f.label}: it has no such ${f.ctx.command === "EXPN" ? "list" : "address"}.`,
    hint: (f) => `${f.label} is switched on here: the server tells which addresses exist, which helps spammers harvest them.`,
    action: null,
    party: "nobody",
    reference: "RFC 5321 3.5",
  },
  {
    id: "verify-disabled",
    match: { commands: ["VRFY", "EXPN"], codes: [500, 502, 550] },
    summary: (f) => `${f.label} is switched off on this server, which is normal and recommended.`,
    hint: null,
    action: null,
    party: "nobody",
  },
  {
    id: "help-text",
    match: { codes: [211, 214] },
    summary: "Help or status text from the server, for a person to read.",
    hint: null,
    action: null,
    party: "nobody",
  },

  // Protocol errors.
  {
    id: "bad-sequence",
    match: { codes: [503] },
    summary: (f) => `Bad sequence of commands: ${f.label} is not allowed at this point.`,
    hint: sequenceHint,
    action: "Send the missing step first, or RSET and start the transaction again.",
    party: typedOr("sender"),
  },
  {
    id: "typo",
    match: { codes: [500, 502], when: (f) => f.ctx.typed === true },
    summary: "The server did not recognise this command: most likely a typo, or a command it does not support.",
    hint: "Microsoft's telnet guide (KB 153119) warns that a mistyped command gets an error like this, and that backspace often does not work in a raw session. Check the spelling and the colon: MAIL FROM: and RCPT TO:.",
    action: "Type the command again carefully, for example MAIL FROM:<you@example.com>.",
    party: "tester",
  },
  {
    id: "typed-arguments",
    match: { codes: [501], when: (f) => f.ctx.typed === true },
    summary: "The server did not accept the arguments of this command.",
    hint: "Check the spelling, the colon and the angle brackets.",
    action: "Type the command again carefully.",
    party: "tester",
  },
  {
    id: "not-implemented",
    match: { codes: [500, 502] },
    summary: (f) =>
      f.reply.code === 502
        ? `The server does not support ${f.label}.`
        : `The server did not recognise ${f.label}, or the line was too long.`,
    hint: null,
    action: null,
    party: (f) => (f.reply.code === 502 ? "nobody" : "sender"),
  },
  {
    id: "parameter-not-implemented",
    match: { codes: [504] },
    summary: (f) => `The server does not support a parameter given with ${f.label}.`,
    hint: null,
    action: "Send the command without that parameter.",
    party: "sender",
  },
  {
    id: "policy-refused",
    match: { classes: PERMANENT, details: ["7.1"] },
    summary: "The server's policy refuses this sender, client or message.",
    hint: "5.7.1 covers many refusals (a blocked sender or client, a restricted recipient); the text says which.",
    action: "Read the text for the reason; only the receiving side's admin can lift a policy block.",
    party: "recipient-admin",
  },
];

function holds(c: Condition, f: Facts): boolean {
  if (c.commands && !c.commands.includes(f.ctx.command)) return false;
  if (c.codes && !c.codes.includes(f.reply.code)) return false;
  if (c.classes && !c.classes.includes(f.class)) return false;
  if (c.details && !hasDetail(f, c.details)) return false;
  if (c.text && !c.text.test(f.text)) return false;
  if (c.when && !c.when(f)) return false;
  return true;
}

function isList(match: ReplyRule["match"]): match is readonly Condition[] {
  return Array.isArray(match);
}

export function ruleMatches(rule: ReplyRule, f: Facts): boolean {
  const match = rule.match;
  return isList(match) ? match.some((c) => holds(c, f)) : holds(match, f);
}

/** The first rule that explains this reply, or null. */
export function findRule(f: Facts): ReplyRule | null {
  return REPLY_RULES.find((r) => ruleMatches(r, f)) ?? null;
}

/** Resolve a rule field that may depend on the facts. */
export function say<T extends string | null>(value: T | ((f: Facts) => T), f: Facts): T {
  return typeof value === "function" ? value(f) : value;
}
