import type { Capability } from "./schemas/capability";

/**
 * Decodes the reply to EHLO (RFC 5321 4.1.1.1): the first line names the server, every other line is
 * an extension keyword with its parameters. Each keyword gets a plain sentence on what it means for
 * a sender; keywords HeloDesk does not know are kept as sent, never dropped.
 */

interface CapabilitySpec {
  readonly title: string;
  readonly reference: string;
  readonly describe: (params: readonly string[]) => string;
}

/** What a keyword means, and where it is defined. Vendor keywords cite the vendor's documentation. */
const CATALOG: Record<string, CapabilitySpec> = {
  SIZE: {
    title: "Maximum message size",
    reference: "RFC 1870",
    describe: (p) => {
      const limit = parseSize(p[0]);
      if (limit === null && p[0] !== undefined && !/^0+$/.test(p[0])) {
        return `Announces a size limit, but "${p[0]}" is not a number of bytes; SIZE= may still be given on MAIL FROM.`;
      }
      return limit === null
        ? "No fixed size limit announced; SIZE= may be given on MAIL FROM so an oversized message is refused before it is sent."
        : `Messages up to ${formatBytes(limit)} (${limit} bytes); a larger message is refused.`;
    },
  },
  PIPELINING: {
    title: "Command pipelining",
    reference: "RFC 2920",
    describe: () => "The sender may send MAIL, RCPT and DATA in one batch without waiting for each reply.",
  },
  "8BITMIME": {
    title: "8-bit message content",
    reference: "RFC 6152",
    describe: () => "Accepts message bodies with 8-bit characters (BODY=8BITMIME), so they need not be re-encoded.",
  },
  BINARYMIME: {
    title: "Binary message content",
    reference: "RFC 3030",
    describe: () => "Accepts binary message bodies (BODY=BINARYMIME), sent with BDAT only.",
  },
  SMTPUTF8: {
    title: "Internationalised email",
    reference: "RFC 6531",
    describe: () => "Accepts addresses and headers in UTF-8, such as 用户@例子.广告, when MAIL FROM carries SMTPUTF8.",
  },
  STARTTLS: {
    title: "TLS upgrade",
    reference: "RFC 3207",
    describe: () => "The connection can be encrypted with STARTTLS; a sender should do that before logging in or sending mail.",
  },
  AUTH: {
    title: "Authentication",
    reference: "RFC 4954",
    describe: (p) =>
      p.length === 0
        ? "Offers to log in, but lists no mechanism."
        : `Offers to log in with ${p.join(", ")}.`,
  },
  DSN: {
    title: "Delivery status notifications",
    reference: "RFC 3461",
    describe: () => "Accepts NOTIFY= and RET= so the sender can ask for a report on success, failure or delay.",
  },
  CHUNKING: {
    title: "BDAT chunking",
    reference: "RFC 3030",
    describe: () => "Accepts the message in sized chunks with BDAT instead of DATA: no dot-stuffing, no end-of-data line.",
  },
  ENHANCEDSTATUSCODES: {
    title: "Enhanced status codes",
    reference: "RFC 2034",
    describe: () => "Replies carry a detailed status code such as 5.1.1 after the three-digit code.",
  },
  DELIVERBY: {
    title: "Deliver by",
    reference: "RFC 2852",
    describe: (p) => {
      const seconds = parseCount(p[0]);
      return seconds === null
        ? "Accepts BY= on MAIL FROM: a deadline after which the message is returned or reported."
        : `Accepts BY= on MAIL FROM: a deadline after which the message is returned or reported; the deadline must be at least ${formatSeconds(seconds)}.`;
    },
  },
  ETRN: {
    title: "Remote queue start",
    reference: "RFC 1985",
    describe: () => "A client may ask the server (ETRN) to deliver mail it holds for a domain; used by sites that are not always online.",
  },
  ATRN: {
    title: "Authenticated turn",
    reference: "RFC 2645",
    describe: () => "After logging in, a client may ask to receive the mail held for it on this same connection (On-Demand Mail Relay).",
  },
  TURN: {
    title: "Turn (obsolete)",
    reference: "RFC 821",
    describe: () => "Offers to swap roles and send held mail to the client without checking who it is; RFC 5321 removed it as unsafe.",
  },
  VRFY: {
    title: "Verify address",
    reference: "RFC 5321 3.5",
    describe: () => "Answers VRFY, which asks whether an address exists; many servers turn it off to stop address harvesting.",
  },
  EXPN: {
    title: "Expand list",
    reference: "RFC 5321 3.5",
    describe: () => "Answers EXPN, which lists the members of a mailing list; usually turned off because it reveals addresses.",
  },
  HELP: {
    title: "Help",
    reference: "RFC 5321 4.1.1.8",
    describe: () => "Answers HELP with text for a person; it changes nothing for a sender.",
  },
  "MT-PRIORITY": {
    title: "Message priority",
    reference: "RFC 6710",
    describe: (p) =>
      p[0]
        ? `Accepts MT-PRIORITY= from -9 to 9 on MAIL FROM, handled under the ${p[0]} policy.`
        : "Accepts MT-PRIORITY= from -9 to 9 on MAIL FROM; no priority policy named.",
  },
  REQUIRETLS: {
    title: "Require TLS",
    reference: "RFC 8689",
    describe: () => "Accepts REQUIRETLS on MAIL FROM: the message is then only ever relayed over verified TLS.",
  },
  LIMITS: {
    title: "Session limits",
    reference: "RFC 9422",
    describe: describeLimits,
  },
  FUTURERELEASE: {
    title: "Future release",
    reference: "RFC 4865",
    describe: (p) => {
      const interval = parseCount(p[0]);
      const base = "Accepts HOLDFOR= or HOLDUNTIL= on MAIL FROM to hold a message until a later time";
      return interval === null ? `${base}.` : `${base}, up to ${formatSeconds(interval)} ahead${p[1] ? ` (at the latest ${p[1]})` : ""}.`;
    },
  },
  CONPERM: {
    title: "Content conversion permission",
    reference: "RFC 4141",
    describe: () => "Accepts CONPERM on MAIL FROM: the sender says whether the message may be converted on the way.",
  },
  CONNEG: {
    title: "Content negotiation",
    reference: "RFC 4141",
    describe: () => "Can tell the sender which content forms a recipient accepts, so conversion can happen before sending.",
  },
  BURL: {
    title: "Send from IMAP",
    reference: "RFC 4468",
    describe: (p) =>
      `Accepts BURL: the message is fetched from an IMAP server by URL instead of being uploaded${p.length ? ` (${p.join(", ")})` : ""}.`,
  },
  "NO-SOLICITING": {
    title: "No soliciting",
    reference: "RFC 3865",
    describe: (p) =>
      p[0]
        ? `Refuses solicitations marked with: ${p.join(", ")}.`
        : "Refuses unsolicited messages that carry a solicitation keyword.",
  },
  RRVS: {
    title: "Recipient valid since",
    reference: "RFC 7293",
    describe: () => "Accepts RRVS= on RCPT TO so mail is not delivered to a reassigned address.",
  },
  PRDR: {
    title: "Per-recipient data replies",
    reference: "draft-hall-prdr",
    describe: () => "Can answer the end of the message once per recipient, so each recipient may accept or refuse on its own.",
  },
  XCLIENT: {
    title: "Proxy client details (Postfix)",
    reference: "Postfix XCLIENT_README",
    describe: (p) =>
      `Lets a trusted proxy pass on the original client's details${p.length ? ` (${p.join(", ")})` : ""}. Postfix offers it only to hosts it trusts as proxies.`,
  },
  XFORWARD: {
    title: "Forwarded client details (Postfix)",
    reference: "Postfix XFORWARD_README",
    describe: (p) =>
      `Lets a trusted content filter pass on the original client's details for logging${p.length ? ` (${p.join(", ")})` : ""}.`,
  },
  "X-EXPS": {
    title: "Exchange server login",
    reference: "Microsoft KB 812455",
    describe: (p) => `Microsoft Exchange's own login between Exchange servers${p.length ? ` (${p.join(", ")})` : ""}; other senders use AUTH.`,
  },
  XEXCH50: {
    title: "Exchange message properties",
    reference: "Microsoft KB 812455",
    describe: () => "Microsoft Exchange passes its own message properties to other Exchange servers; other senders ignore it.",
  },
  "X-LINK2STATE": {
    title: "Exchange routing",
    reference: "Microsoft KB 812455",
    describe: () => "Microsoft Exchange 2000/2003 routing information between Exchange servers; other senders ignore it.",
  },
  XRDST: {
    title: "Exchange redirect",
    reference: "Microsoft Exchange (undocumented)",
    describe: () => "Used between Microsoft Exchange servers (Exchange 2013 and later, Exchange Online); other senders ignore it.",
  },
  XOORG: {
    title: "Exchange originating organisation",
    reference: "Microsoft Exchange (undocumented)",
    describe: () => "Exchange servers tell each other which organisation a message came from (XOORG= on MAIL FROM); other senders ignore it.",
  },
  "X-ANONYMOUSTLS": {
    title: "Exchange internal TLS",
    reference: "Microsoft Exchange (undocumented)",
    describe: () => "Exchange servers in one organisation encrypt their traffic to each other with this; other senders use STARTTLS.",
  },
  XSHADOW: {
    title: "Exchange shadow redundancy",
    reference: "Microsoft Exchange (undocumented)",
    describe: () => "Exchange servers keep a shadow copy of a message until it is delivered; other senders ignore it.",
  },
  XSHADOWREQUEST: {
    title: "Exchange shadow redundancy",
    reference: "Microsoft Exchange (undocumented)",
    describe: () => "Exchange servers keep a shadow copy of a message until it is delivered; other senders ignore it.",
  },
};

const KEYWORD = /^[A-Z0-9][A-Z0-9-]*$/;
/** RFC 4954 4: a SASL mechanism name is 1 to 20 upper-case letters, digits, hyphens or underscores. */
const MECHANISM = /^[A-Z0-9_-]{1,20}$/;

export interface DecodedEhlo {
  /** The name the server gives itself on the first line; null when the line is empty. */
  greetingName: string | null;
  /** The rest of the first line, e.g. "at your service, [192.0.2.1]". */
  greetingText: string;
  capabilities: Capability[];
}

/** Decodes the text lines of an EHLO reply (each line after "250-" or "250 "). */
export function decodeCapabilities(text: string[]): DecodedEhlo {
  const [first = "", ...rest] = text;
  const greeting = first.trim();
  const space = greeting.search(/\s/);
  const greetingName = greeting === "" ? null : space < 0 ? greeting : greeting.slice(0, space);
  const greetingText = space < 0 ? "" : greeting.slice(space).trim();

  const lines = rest.map(splitLine).filter((l): l is SplitLine => l !== null);
  const capabilities: Capability[] = [];
  let authSeen = false;
  for (const line of lines) {
    if (line.keyword === "AUTH") {
      // Every AUTH line becomes one entry, placed where the first one was.
      if (!authSeen) capabilities.push(decodeAuth(lines));
      authSeen = true;
      continue;
    }
    capabilities.push(describeKeyword(line));
  }
  return { greetingName, greetingText, capabilities };
}

interface SplitLine {
  keyword: string;
  params: string[];
  /** "AUTH=LOGIN": keyword and first parameter joined by "=" instead of a space. */
  equalsForm: boolean;
}

function splitLine(line: string): SplitLine | null {
  const words = line.trim().split(/\s+/).filter((w) => w !== "");
  const [head, ...params] = words;
  if (head === undefined) return null;
  const eq = head.indexOf("=");
  if (eq > 0) {
    const value = head.slice(eq + 1);
    return { keyword: head.slice(0, eq).toUpperCase(), params: value ? [value, ...params] : params, equalsForm: true };
  }
  return { keyword: head.toUpperCase(), params, equalsForm: false };
}

function describeKeyword({ keyword, params }: SplitLine): Capability {
  const spec = CATALOG[keyword];
  if (spec !== undefined && Object.hasOwn(CATALOG, keyword)) {
    return { keyword, params, known: true, title: spec.title, detail: spec.describe(params), reference: spec.reference };
  }
  return { keyword, params, known: false, title: keyword, detail: unknownDetail(keyword), reference: null };
}

function unknownDetail(keyword: string): string {
  if (!KEYWORD.test(keyword)) {
    return "Not an EHLO keyword (RFC 5321 4.1.1.1 allows letters, digits and hyphens only); shown as the server sent it.";
  }
  if (keyword.startsWith("X")) {
    return "Not a keyword HeloDesk knows; keywords starting with X are private to one product. Shown as the server sent it.";
  }
  return "Not a keyword HeloDesk knows; shown as the server sent it.";
}

/**
 * Every AUTH line merged into one. Servers for old Outlook and Netscape clients also send
 * "AUTH=LOGIN", the form of the drafts before RFC 2554; the mechanisms are the same list.
 */
function decodeAuth(lines: SplitLine[]): Capability {
  const auth = lines.filter((l) => l.keyword === "AUTH");
  const mechanisms = [...new Set(auth.flatMap((l) => l.params.map((p) => p.toUpperCase())))];
  const spec = CATALOG.AUTH!;
  let detail = spec.describe(mechanisms);
  const standard = auth.some((l) => !l.equalsForm);
  if (auth.some((l) => l.equalsForm)) {
    detail += standard
      ? ' The server also sends the pre-standard "AUTH=" form, for old mail clients.'
      : ' Sent only in the pre-standard "AUTH=" form (drafts before RFC 2554); most clients still read it.';
  }
  return { keyword: "AUTH", params: mechanisms, known: true, title: spec.title, detail, reference: spec.reference };
}

/** RFC 9422 4: LIMITS carries name=value pairs; the registry defines these three. */
const LIMIT_NAMES: Record<string, (n: number) => string> = {
  MAILMAX: (n) => `${n} message${n === 1 ? "" : "s"} per connection`,
  RCPTMAX: (n) => `${n} recipient${n === 1 ? "" : "s"} per message`,
  RCPTDOMAINMAX: (n) => `${n} recipient domain${n === 1 ? "" : "s"} per message`,
};

function describeLimits(params: readonly string[]): string {
  const parts = params.map((p) => {
    const [name = "", value = ""] = p.split("=", 2);
    const n = parseCount(value);
    const known = LIMIT_NAMES[name.toUpperCase()];
    return known !== undefined && Object.hasOwn(LIMIT_NAMES, name.toUpperCase()) && n !== null ? known(n) : p;
  });
  return parts.length === 0
    ? "Supports announcing session limits, but lists none."
    : `Announces its limits: ${parts.join(", ")}. A sender should stay within them.`;
}

/** A whole non-negative number written in digits only; null otherwise. */
function parseCount(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

/** RFC 1870 4: SIZE with no number, or 0, means no fixed limit. */
function parseSize(value: string | undefined): number | null {
  const n = parseCount(value);
  return n === null || n === 0 ? null : n;
}

const MB = 1024 * 1024;

function formatBytes(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function formatSeconds(seconds: number): string {
  const units: [number, string][] = [[86_400, "day"], [3_600, "hour"], [60, "minute"]];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${seconds} seconds (${n} ${name}${n === 1 ? "" : "s"})`;
    }
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

export interface CapabilityIndex {
  /** Whether the server offers the keyword (any case). */
  has(keyword: string): boolean;
  /** The capability as decoded, or undefined. */
  get(keyword: string): Capability | undefined;
  /** SASL mechanisms offered, upper-cased, deduplicated, and only names RFC 4954 allows. */
  authMechanisms: string[];
  /** The announced SIZE limit in bytes; null when SIZE is absent, 0, empty or not a number. */
  sizeLimit: number | null;
}

/** Quick lookups over decoded capabilities, for the engine deciding what to send. */
export function capabilityIndex(caps: readonly Capability[]): CapabilityIndex {
  const byKeyword = new Map<string, Capability>();
  for (const cap of caps) {
    const key = cap.keyword.toUpperCase();
    if (!byKeyword.has(key)) byKeyword.set(key, cap);
  }
  const authMechanisms = [
    ...new Set(
      caps
        .filter((c) => c.keyword.toUpperCase() === "AUTH")
        .flatMap((c) => c.params.map((p) => p.toUpperCase()))
        .filter((m) => MECHANISM.test(m)),
    ),
  ];
  return {
    has: (keyword) => byKeyword.has(keyword.toUpperCase()),
    get: (keyword) => byKeyword.get(keyword.toUpperCase()),
    authMechanisms,
    sizeLimit: parseSize(byKeyword.get("SIZE")?.params[0]),
  };
}
