import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { Hostname, Mailbox, Port, Target, isIpv6, needsSmtpUtf8, wireSafe } from "./primitives";

/** Every message the schema gives for a value; empty when it accepts it. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

const FORBIDDEN = /[\r\n\0]/;

describe("Mailbox: valid addresses", () => {
  it.each([
    ["a plain address", "alice@example.com"],
    ["plus-addressing", "alice+helodesk@example.com"],
    ["dots and atext symbols", "o'brien.j_x!#$%&*/=?^`{|}~-1@example.com"],
    ["a quoted local part", '"john doe"@example.com'],
    ["a quoted local part with an @ and an escaped quote", '"a@b\\"c"@example.com'],
    ["SMTPUTF8 in both parts", "用户@例子.广告"],
    ["an accented local part and an IDN domain", "josé@exämple.de"],
    ["an IPv4 address literal", "user@[192.0.2.1]"],
    ["an IPv6 address literal", "user@[IPv6:2001:db8::1]"],
    ["a single-label domain", "postmaster@localhost"],
    ["a 64-octet local part", `${"a".repeat(64)}@example.com`],
  ])("accepts %s", (_what, address) => {
    expect(Mailbox.parse(address)).toBe(address);
  });

  it("unwraps angle brackets and trims surrounding white space", () => {
    expect(Mailbox.parse("<a@b.example>")).toBe("a@b.example");
    expect(Mailbox.parse("  <a@b.example>  ")).toBe("a@b.example");
  });

  it("drops a trailing line break pasted with the address rather than keeping it", () => {
    expect(Mailbox.parse("a@b.example\r\n")).toBe("a@b.example");
  });
});

describe("Mailbox: refused addresses", () => {
  const INVALID = "not a valid email address: write it as name@example.com, without spaces or angle brackets";

  it.each([
    ["no @", "alice.example.com"],
    ["nothing before the @", "@example.com"],
    ["nothing after the @", "alice@"],
    ["a space in the local part", "john doe@example.com"],
    ["a space in the domain", "alice@exa mple.com"],
    ["two dots in a row", "a..b@example.com"],
    ["a leading dot", ".alice@example.com"],
    ["two @ outside quotes", "a@b@example.com"],
    ["a 65-octet local part", `${"a".repeat(65)}@example.com`],
    ["a local part of 22 three-octet characters (66 octets)", `${"用".repeat(22)}@example.com`],
    ["a domain with a trailing dot", "alice@example.com."],
    ["a hyphen at a label's end", "alice@example-.com"],
    ["an IPv4 literal out of range", "user@[192.0.2.300]"],
    ["an IPv6 literal without its tag", "user@[2001:db8::1]"],
    ["a bad IPv6 literal", "user@[IPv6:2001:db8:::1]"],
    ["a literal nested in brackets", "user@[IPv6:[::1]]"],
    ["an address over 254 octets, though each part fits", `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`],
    ["the null reverse-path", "<>"],
    ["only one angle bracket", "<alice@example.com"],
  ])("refuses %s with a sentence saying how to write it", (_what, address) => {
    expect(messages(Mailbox, address)).toEqual([INVALID]);
  });

  it.each([
    ["a CR", "alice\r@example.com"],
    ["an LF", "alice@exa\nmple.com"],
    ["a CRLF before more text", "alice@example.com\r\nRCPT TO:<x@y.example>"],
    ["a NUL", "alice@example.com\0"],
    ["a NUL at the start", "\0alice@example.com"],
  ])("refuses %s, naming line breaks and NUL", (_what, address) => {
    expect(messages(Mailbox, address)[0]).toBe("an email address must not contain line breaks or NUL characters");
  });

  it("asks for an address when there is none", () => {
    expect(messages(Mailbox, "")).toEqual(["enter an email address"]);
    expect(messages(Mailbox, "   ")).toEqual(["enter an email address"]);
    expect(messages(Mailbox, undefined)).toEqual(["enter an email address"]);
  });
});

describe("Target", () => {
  it.each([
    "example.com",
    "mail.example.com",
    "example.com.",
    "xn--bcher-kva.example",
    "bücher.example",
    "例子.广告",
    "192.0.2.10",
    "2001:db8::25",
    "[2001:db8::25]",
    "::1",
    "2130706433",
    "0x7f.1",
  ])("accepts %j", (target) => {
    expect(Target.parse(target)).toBe(target);
  });

  it("trims surrounding white space", () => {
    expect(Target.parse("  example.com \t")).toBe("example.com");
  });

  it.each([
    ["a space inside", "exa mple.com"],
    ["a CRLF inside", "example.com\r\nQUIT"],
    ["a NUL", "example.com\0"],
  ])("refuses %s with one sentence", (_what, target) => {
    expect(messages(Target, target)).toEqual(["the target must not contain spaces or line breaks"]);
  });

  it.each(["example..com", "-example.com", "...", ".", "[192.0.2.1]", "2001:db8:::1", "exa_mple.com"])(
    "refuses %j as not a domain, host or address",
    (target) => {
      expect(messages(Target, target)).toEqual([
        "not a domain, host name or IP address: enter something like example.com, mail.example.com, 192.0.2.10 or 2001:db8::25",
      ]);
    },
  );

  it("asks for a target when there is none", () => {
    const ask = "enter a target: a mail domain (example.com), a host (mail.example.com) or an IP address";
    expect(messages(Target, "")).toEqual([ask]);
    expect(messages(Target, undefined)).toEqual([ask]);
  });

  it("refuses a name longer than DNS allows", () => {
    expect(messages(Target, `${"a".repeat(63)}.`.repeat(4) + "com")).toEqual(["the target is at most 253 characters"]);
  });
});

describe("Hostname", () => {
  it("accepts names and refuses address-looking garbage", () => {
    expect(Hostname.parse("mail.example.com")).toBe("mail.example.com");
    expect(messages(Hostname, "")).toEqual(["enter a host name"]);
    expect(messages(Hostname, "mail example")).toEqual([
      "not a valid host name: use letters, digits, hyphens and dots, like mail.example.com",
    ]);
    expect(messages(Hostname, undefined)).toEqual(["enter a host name"]);
  });
});

describe("Port", () => {
  it.each([
    [25, 25],
    ["587", 587],
    [" 465 ", 465],
    [65535, 65535],
  ])("accepts %j", (value, port) => {
    expect(Port.parse(value)).toBe(port);
  });

  it.each([
    ["0", "the port must be between 1 and 65535"],
    [70000, "the port must be between 1 and 65535"],
    ["", "the port must be between 1 and 65535"],
    ["25.5", "the port must be a whole number"],
    ["smtp", "the port must be a number"],
    // Number() reads these as ports nobody wrote: 2526, 2560, 2560, 1.
    ["0x9DE", "the port must be plain decimal digits, such as 587 (not 0x24B or 5.87e2)"],
    ["2.56e3", "the port must be plain decimal digits, such as 587 (not 0x24B or 5.87e2)"],
    [[2560], "the port must be a number"],
    [true, "the port must be a number"],
    [null, "the port must be a number"],
  ])("refuses %j: %s", (value, message) => {
    expect(messages(Port, value)).toEqual([message]);
  });
});

describe("wireSafe", () => {
  const subject = wireSafe("the subject");

  it("names the field and what to remove", () => {
    expect(messages(subject, "Hi\r\nBcc: x@y.example")).toEqual([
      "the subject must be a single line: remove carriage returns, line feeds and NUL characters",
    ]);
    expect(messages(subject, 42)).toEqual(["enter the subject"]);
  });
});

describe("helpers", () => {
  it("tells when an address needs SMTPUTF8", () => {
    expect(needsSmtpUtf8("josé@example.com")).toBe(true);
    expect(needsSmtpUtf8("jose@example.com")).toBe(false);
  });

  it("reads IPv6 with or without brackets and with a zone", () => {
    expect(isIpv6("[2001:db8::1]")).toBe(true);
    expect(isIpv6("fe80::1%eth0")).toBe(true);
    expect(isIpv6("192.0.2.1")).toBe(false);
    expect(isIpv6("2001:db8::g")).toBe(false);
  });
});

/** Strings in which CR, LF, NUL, @, brackets and dots are common, around valid-looking pieces. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom("\r", "\n", "\0", "\r\n", "@", "<", ">", "[", "]", ".", " ", '"', "IPv6:", "a", "example.com", "用户", "::1"),
      fc.string({ unit: "binary", maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

describe("for any string", () => {
  it.each([
    ["Mailbox", Mailbox],
    ["Target", Target],
    ["Hostname", Hostname],
  ] as const)("%s.safeParse never throws, and what it accepts has no CR, LF or NUL", (_name, schema) => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: "binary" })), (input) => {
        const result = schema.safeParse(input);
        if (result.success) expect(result.data).not.toMatch(FORBIDDEN);
      }),
      { numRuns: 500 },
    );
  });

  it("Mailbox accepts any address it builds, wrapped in brackets or not", () => {
    const local = fc.stringMatching(/^[a-z0-9+_-]{1,10}$/);
    const label = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    const address = fc.tuple(local, label, fc.constantFrom("com", "example", "広告")).map(([l, d, tld]) => `${l}@${d}.${tld}`);
    fc.assert(
      fc.property(address, fc.boolean(), (a, wrap) => {
        expect(Mailbox.parse(wrap ? `<${a}>` : a)).toBe(a);
      }),
    );
  });
});
