import fc from "fast-check";

/** Characters that break parsers: line breaks, NUL, separators, bidi and BOM, full-width digits. */
const NASTY_CHARS = ["\r", "\n", "\0", ".", "-", ":", "[", "]", "%", "@", "<", ">", '"', "\\", " ", "\t", "0", "x", "f", "7", "a", "\u202e", "\ufeff", "\uff10", "\u00e9", "\ud800", "😀"];

/** Strings a hostile client would send: any code point, lone surrogates, nasty characters, huge repeats. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 600 }),
  fc
    .tuple(fc.constantFrom("a.", "-", "0.", ":", "@", '"\\', " ", "a", "1", "\r\n.\r\n", "x".repeat(63) + "."), fc.integer({ min: 1, max: 20_000 }))
    .map(([s, n]) => s.repeat(n)),
);

/** Keys that poison naive object handling. */
const NASTY_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "then", ""];

/** Any value a socket.io or JSON decoder can hand a handler, and a few it cannot (for lib callers). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }),
  hostileString,
  fc.constantFrom(undefined, null, NaN, Infinity, -0, Number.MAX_SAFE_INTEGER + 2, 1e308, true),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.array(hostileString, { maxLength: 60 }),
  fc.dictionary(fc.constantFrom(...NASTY_KEYS), fc.jsonValue({ maxDepth: 2 })),
);

/**
 * A valid payload with some fields replaced by hostile values and some extra keys: reaches the deep
 * rules (refinements, cross-field checks) that random objects never get past. Spread, not assign, so
 * a "__proto__" key is an own property, as JSON.parse makes it.
 */
export function mutated(valid: Record<string, unknown>, values: fc.Arbitrary<unknown> = hostileValue): fc.Arbitrary<unknown> {
  const keys = [...Object.keys(valid), ...NASTY_KEYS, "extra"];
  return fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...keys), values, { maxKeys: 4 }).map((over) => ({ ...valid, ...over })) },
    { weight: 1, arbitrary: values },
  );
}

/** What can cross socket.io's wire: JSON values, strings of any code point, binary attachments. */
export const wireValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.dictionary(fc.constantFrom(...NASTY_KEYS), fc.jsonValue({ maxDepth: 2 })),
);

/** IPv4 in every notation the WHATWG URL parser and inet_aton accept, with the address it means. */
export const ipv4Notation: fc.Arbitrary<{ text: string; dotted: string }> = fc
  .tuple(fc.nat({ max: 0xffffffff }), fc.constantFrom("dotted", "decimal", "hex", "octal", "short", "hexParts", "fullwidth", "trailingDot"))
  .map(([n, form]) => {
    const b = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    const dotted = b.join(".");
    const text =
      form === "decimal" ? String(n)
      : form === "hex" ? `0x${n.toString(16)}`
      : form === "octal" ? b.map((x) => `0${x.toString(8)}`).join(".")
      : form === "short" ? `${b[0]}.${(n & 0xffffff) >>> 0}`
      : form === "hexParts" ? b.map((x) => `0x${x.toString(16)}`).join(".")
      : form === "fullwidth" ? dotted.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))
      : form === "trailingDot" ? `${dotted}.`
      : dotted;
    return { text, dotted };
  });
