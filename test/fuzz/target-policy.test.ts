import net from "node:net";
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { Target } from "@/lib/schemas/primitives";
import { readTarget } from "@/lib/target-reading";
import { createTargetPolicy } from "@/server/target-policy";
import { hostileString, ipv4Notation } from "./arbitraries";
import { RUNS, TEST_TIMEOUT_MS, meter } from "./budget";

/**
 * The policy against random addresses: what the user typed and what the engine connects to must get
 * the same verdict, and no notation or IPv6 wrapping may open an address its plain form does not.
 */
const policy = createTargetPolicy({ allowedNetworks: [], allowedPorts: [{ from: 25, to: 25 }] });
const allowed = (address: string) => policy.check(address, 25).allowed;
const hex = (n: number) => n.toString(16);

describe("fuzzing the target policy", () => {
  it("reads every IPv4 notation as the address it means, and judges it like the dotted form", { timeout: TEST_TIMEOUT_MS }, () => {
    const m = meter();
    fc.assert(
      fc.property(
        ipv4Notation,
        m.wrap(({ text, dotted }) => {
          expect(Target.safeParse(text).success).toBe(true);
          expect(readTarget(text)).toEqual({ kind: "ip", address: dotted });
          const publicUnicast = ipaddr.IPv4.parse(dotted).range() === "unicast";
          if (!publicUnicast) expect(allowed(dotted)).toBe(false);
        }),
      ),
      { numRuns: RUNS },
    );
    m.finish("IPv4 notations");
  });

  it("never opens an IPv4 address through an IPv6 form of it", { timeout: TEST_TIMEOUT_MS }, () => {
    const m = meter();
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffffffff }),
        m.wrap((n) => {
          const b = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
          const dotted = b.join(".");
          const [hi, lo] = [hex(n >>> 16), hex(n & 0xffff)];
          const mapped = [`::ffff:${dotted}`, `::ffff:${hi}:${lo}`, `0:0:0:0:0:ffff:${hi}:${lo}`];
          const others = [`::${dotted}`, `::${hi}:${lo}`, `64:ff9b::${hi}:${lo}`, `64:ff9b::${dotted}`, `2002:${hi}:${lo}::1`, `::ffff:0:${hi}:${lo}`];
          for (const form of mapped) expect(allowed(form)).toBe(allowed(dotted));
          // Only the mapped form is the same host; the others are refused whatever they carry.
          for (const form of others) if (net.isIP(form)) expect(allowed(form)).toBe(false);
        }),
      ),
      { numRuns: RUNS },
    );
    m.finish("IPv6 forms of IPv4");
  });

  it("allows an IPv6 address only inside 2000::/3 and outside every special range", { timeout: TEST_TIMEOUT_MS }, () => {
    const m = meter();
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 0xffff }), { minLength: 8, maxLength: 8 }),
        fc.constantFrom(0x2001, 0x2002, 0x2a00, 0xfe80, 0xfd00, 0xff02, 0x64, 0, 0x4000, 0x3fff, null),
        m.wrap((groups, first) => {
          if (first !== null) groups[0] = first;
          const text = groups.map(hex).join(":");
          if (!allowed(text)) return;
          const ip = ipaddr.IPv6.parse(text);
          expect(ip.range()).toBe("unicast");
          expect(ip.match(ipaddr.parseCIDR("2000::/3") as [ipaddr.IPv6, number])).toBe(true);
        }),
      ),
      { numRuns: RUNS },
    );
    m.finish("IPv6 ranges");
  });

  it("turns any accepted target into a name or a standard literal, and the policy never throws on it", { timeout: TEST_TIMEOUT_MS }, () => {
    const m = meter();
    fc.assert(
      fc.property(
        hostileString,
        m.wrap((text) => {
          const parsed = Target.safeParse(text);
          if (!parsed.success) return;
          const target = readTarget(parsed.data);
          if (target.kind === "name") return;
          expect(net.isIP(target.address)).not.toBe(0);
          expect(() => policy.check(target.address, 25)).not.toThrow();
        }),
      ),
      { numRuns: RUNS },
    );
    m.finish("Target to policy");
  });
});
