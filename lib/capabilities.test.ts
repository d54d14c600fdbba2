import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capabilityIndex, decodeCapabilities } from "./capabilities";
import { Capability } from "./schemas/capability";

/** The text lines of a reply such as Gmail's to EHLO, as the reply parser hands them over. */
const GMAIL = [
  "mx.google.com at your service, [192.0.2.7]",
  "SIZE 157286400",
  "8BITMIME",
  "STARTTLS",
  "ENHANCEDSTATUSCODES",
  "PIPELINING",
  "CHUNKING",
  "SMTPUTF8",
];

const caps = (...lines: string[]) => decodeCapabilities(["mx.example.com", ...lines]).capabilities;
const one = (line: string) => {
  const [cap] = caps(line);
  if (!cap) throw new Error(`no capability decoded from ${line}`);
  return cap;
};

describe("the greeting line", () => {
  it("splits the server's name from its greeting text", () => {
    const decoded = decodeCapabilities(GMAIL);
    expect(decoded.greetingName).toBe("mx.google.com");
    expect(decoded.greetingText).toBe("at your service, [192.0.2.7]");
  });

  it("keeps a name with no greeting text", () => {
    expect(decodeCapabilities(["  mx.example.com  "])).toEqual({ greetingName: "mx.example.com", greetingText: "", capabilities: [] });
  });

  it("gives no name for an empty first line or an empty reply", () => {
    expect(decodeCapabilities([""]).greetingName).toBeNull();
    expect(decodeCapabilities([])).toEqual({ greetingName: null, greetingText: "", capabilities: [] });
  });
});

describe("decoding keywords", () => {
  it("decodes every line of a real reply in order, each valid against the contract", () => {
    const { capabilities } = decodeCapabilities(GMAIL);
    expect(capabilities.map((c) => c.keyword)).toEqual(["SIZE", "8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES", "PIPELINING", "CHUNKING", "SMTPUTF8"]);
    expect(capabilities.every((c) => c.known && c.reference !== null)).toBe(true);
    for (const c of capabilities) expect(Capability.safeParse(c).success).toBe(true);
  });

  it.each([
    ["PIPELINING", "RFC 2920"],
    ["8BITMIME", "RFC 6152"],
    ["SMTPUTF8", "RFC 6531"],
    ["STARTTLS", "RFC 3207"],
    ["DSN", "RFC 3461"],
    ["CHUNKING", "RFC 3030"],
    ["BINARYMIME", "RFC 3030"],
    ["ENHANCEDSTATUSCODES", "RFC 2034"],
    ["ETRN", "RFC 1985"],
    ["ATRN", "RFC 2645"],
    ["TURN", "RFC 821"],
    ["VRFY", "RFC 5321 3.5"],
    ["EXPN", "RFC 5321 3.5"],
    ["HELP", "RFC 5321 4.1.1.8"],
    ["REQUIRETLS", "RFC 8689"],
    ["CONPERM", "RFC 4141"],
    ["CONNEG", "RFC 4141"],
    ["NO-SOLICITING", "RFC 3865"],
    ["RRVS", "RFC 7293"],
    ["XFORWARD", "Postfix XFORWARD_README"],
    ["XEXCH50", "Microsoft KB 812455"],
    ["X-LINK2STATE", "Microsoft KB 812455"],
    ["XRDST", "Microsoft Exchange (undocumented)"],
    ["XOORG", "Microsoft Exchange (undocumented)"],
  ])("knows %s (%s)", (keyword, reference) => {
    const cap = one(keyword);
    expect(cap).toMatchObject({ keyword, params: [], known: true, reference });
    expect(cap.title.length).toBeGreaterThan(0);
    expect(cap.detail).toMatch(/^[A-Z].*\.$/);
  });

  it("reads lower-case keywords, extra spaces and tabs", () => {
    expect(one("  size\t 1000000  ")).toMatchObject({ keyword: "SIZE", params: ["1000000"], known: true });
    expect(one("auth  plain   login")).toMatchObject({ keyword: "AUTH", params: ["PLAIN", "LOGIN"] });
  });

  it("reads the keyword=value form on any keyword, not only AUTH", () => {
    expect(one("SIZE=1048576")).toMatchObject({ keyword: "SIZE", params: ["1048576"], known: true });
    expect(capabilityIndex(caps("SIZE=1048576")).sizeLimit).toBe(1048576);
  });

  it("skips blank lines instead of inventing a keyword", () => {
    expect(caps("", "   ", "PIPELINING").map((c) => c.keyword)).toEqual(["PIPELINING"]);
  });
});

describe("SIZE", () => {
  it("shows the limit in MB with one decimal and in bytes", () => {
    expect(one("SIZE 36700160").detail).toContain("Messages up to 35.0 MB (36700160 bytes)");
    expect(one("SIZE 157286400").detail).toContain("150.0 MB (157286400 bytes)");
  });

  it("shows a limit below one MB in KB", () => {
    expect(one("SIZE 51200").detail).toContain("50.0 KB (51200 bytes)");
  });

  it.each(["SIZE", "SIZE 0", "SIZE 000"])("reads %j as no fixed limit", (line) => {
    expect(one(line).detail).toMatch(/^No fixed size limit announced/);
    expect(capabilityIndex(caps(line)).sizeLimit).toBeNull();
  });

  it("says so when the limit is not a number", () => {
    expect(one("SIZE lots").detail).toContain('"lots" is not a number');
    expect(capabilityIndex(caps("SIZE lots")).sizeLimit).toBeNull();
  });
});

describe("AUTH", () => {
  it("lists the mechanisms offered", () => {
    expect(one("AUTH PLAIN LOGIN XOAUTH2")).toMatchObject({
      keyword: "AUTH",
      params: ["PLAIN", "LOGIN", "XOAUTH2"],
      detail: "Offers to log in with PLAIN, LOGIN, XOAUTH2.",
      reference: "RFC 4954",
    });
  });

  it("merges the pre-standard AUTH= line into the AUTH entry and says so", () => {
    const list = caps("AUTH LOGIN PLAIN", "SIZE 1000", "AUTH=LOGIN PLAIN");
    expect(list.map((c) => c.keyword)).toEqual(["AUTH", "SIZE"]);
    expect(list[0]!.params).toEqual(["LOGIN", "PLAIN"]);
    expect(list[0]!.detail).toContain('also sends the pre-standard "AUTH=" form');
  });

  it("decodes a server that sends only the AUTH= form", () => {
    const cap = one("AUTH=login cram-md5");
    expect(cap).toMatchObject({ keyword: "AUTH", params: ["LOGIN", "CRAM-MD5"], known: true });
    expect(cap.detail).toContain('only in the pre-standard "AUTH=" form');
  });

  it("takes the union of mechanisms across AUTH lines, upper-cased and once each", () => {
    expect(one("AUTH=LOGIN").params).toEqual(["LOGIN"]);
    expect(caps("AUTH GSSAPI NTLM", "AUTH=LOGIN", "AUTH ntlm login")[0]!.params).toEqual(["GSSAPI", "NTLM", "LOGIN"]);
  });

  it("says when no mechanism is listed", () => {
    expect(one("AUTH").detail).toBe("Offers to log in, but lists no mechanism.");
  });
});

describe("keywords with parameters", () => {
  it("gives DELIVERBY's minimum deadline in seconds", () => {
    expect(one("DELIVERBY 86400").detail).toContain("at least 86400 seconds (1 day)");
    expect(one("DELIVERBY 90").detail).toContain("at least 90 seconds.");
    expect(one("DELIVERBY").detail).not.toContain("at least");
  });

  it("names the MT-PRIORITY policy", () => {
    expect(one("MT-PRIORITY MIXER").detail).toContain("under the MIXER policy");
    expect(one("MT-PRIORITY").detail).toContain("no priority policy named");
  });

  it("lists the XCLIENT attributes a proxy may pass", () => {
    const cap = one("XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN");
    expect(cap).toMatchObject({ known: true, reference: "Postfix XCLIENT_README" });
    expect(cap.detail).toContain("(NAME, ADDR, PROTO, HELO, REVERSE_NAME, PORT, LOGIN)");
  });

  it("spells out RFC 9422 LIMITS and keeps limits it does not know as sent", () => {
    expect(one("LIMITS MAILMAX=1000 RCPTMAX=50 RCPTDOMAINMAX=1 FUTUREMAX=3").detail).toBe(
      "Announces its limits: 1000 messages per connection, 50 recipients per message, 1 recipient domain per message, FUTUREMAX=3. A sender should stay within them.",
    );
  });

  it("gives FUTURERELEASE's longest hold", () => {
    expect(one("FUTURERELEASE 604800 2030-01-01T00:00:00Z").detail).toContain("up to 604800 seconds (7 days) ahead (at the latest 2030-01-01T00:00:00Z)");
  });

  it("keeps the parameters of known keywords as sent", () => {
    expect(one("BURL imap").params).toEqual(["imap"]);
    expect(one("X-EXPS GSSAPI NTLM")).toMatchObject({ keyword: "X-EXPS", params: ["GSSAPI", "NTLM"], known: true });
  });
});

describe("keywords HeloDesk does not know", () => {
  it("keeps them, marked unknown, with their parameters", () => {
    expect(one("FROBNICATE 1 2")).toEqual({
      keyword: "FROBNICATE",
      params: ["1", "2"],
      known: false,
      title: "FROBNICATE",
      detail: "Not a keyword HeloDesk knows; shown as the server sent it.",
      reference: null,
    });
  });

  it("notes that X keywords belong to one product", () => {
    expect(one("XACME").detail).toContain("keywords starting with X are private to one product");
  });

  it("flags a line that is not an EHLO keyword at all", () => {
    const cap = one("Hello, friend!");
    expect(cap).toMatchObject({ keyword: "HELLO,", params: ["friend!"], known: false });
    expect(cap.detail).toContain("Not an EHLO keyword");
  });

  it("never mistakes inherited object properties for catalog entries", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(one(name).known).toBe(false);
    }
  });

  it("never drops a line and never throws, whatever the server sends", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { maxLength: 12 }), (lines) => {
        const { capabilities } = decodeCapabilities(["mx.example.com", ...lines]);
        const nonBlank = lines.filter((l) => l.trim() !== "");
        const auth = nonBlank.filter((l) => /^auth(=|\s|$)/i.test(l.trim()));
        expect(capabilities.length).toBe(nonBlank.length - Math.max(0, auth.length - 1));
        for (const c of capabilities) expect(Capability.safeParse(c).success).toBe(true);
      }),
    );
  });
});

describe("capabilityIndex", () => {
  const index = capabilityIndex(decodeCapabilities([...GMAIL, "AUTH PLAIN login", "AUTH=LOGIN XOAUTH2"]).capabilities);

  it("answers has() in any case", () => {
    expect(index.has("STARTTLS")).toBe(true);
    expect(index.has("starttls")).toBe(true);
    expect(index.has("DSN")).toBe(false);
  });

  it("returns the decoded capability", () => {
    expect(index.get("size")?.params).toEqual(["157286400"]);
    expect(index.get("DSN")).toBeUndefined();
  });

  it("lists AUTH mechanisms upper-cased and once each", () => {
    expect(index.authMechanisms).toEqual(["PLAIN", "LOGIN", "XOAUTH2"]);
  });

  it("gives the size limit in bytes", () => {
    expect(index.sizeLimit).toBe(157286400);
  });

  it("has no mechanisms and no limit when nothing is offered", () => {
    const empty = capabilityIndex([]);
    expect(empty).toMatchObject({ authMechanisms: [], sizeLimit: null });
    expect(empty.has("SIZE")).toBe(false);
  });

  it("drops mechanism names RFC 4954 does not allow, so none can reach an AUTH command", () => {
    const list = [{ keyword: "AUTH", params: ["PLAIN", "A\r\nRSET", "WAY-TOO-LONG-MECHANISM-NAME", "x_oauth-2"], known: true, title: "", detail: "", reference: null }];
    expect(capabilityIndex(list).authMechanisms).toEqual(["PLAIN", "X_OAUTH-2"]);
  });

  it("reads capabilities it did not decode itself, such as a stored session's", () => {
    const stored = [{ keyword: "size", params: ["1000"], known: true, title: "", detail: "", reference: null }];
    expect(capabilityIndex(stored)).toMatchObject({ sizeLimit: 1000 });
    expect(capabilityIndex(stored).has("SIZE")).toBe(true);
  });
});
