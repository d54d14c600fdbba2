import { describe, expect, it } from "vitest";
import { policyIssues } from "./policy-issues";
import { createTargetPolicy } from "./target-policy";

const policy = createTargetPolicy({ allowedNetworks: ["192.168.7.0/24"], allowedPorts: [{ from: 25, to: 25 }, { from: 587, to: 587 }] });
const paths = (request: { target: string; port: number; mx?: string }) => policyIssues(request, policy).map((i) => i.path);

describe("policyIssues: what the policy refuses before DNS, on its field", () => {
  it("puts a port the policy refuses on the port field, naming the ports allowed and the setting", () => {
    expect(policyIssues({ target: "mail.example.com", port: 2526 }, policy)).toEqual([
      { path: "port", message: "port 2526 is not one HeloDesk may connect to (the port rule; allowed: 25, 587); add it to HELODESK_ALLOWED_PORTS to allow it" },
    ]);
  });

  it("puts an IP target the policy refuses on the target field, in any notation, and lets a listed one through", () => {
    expect(policyIssues({ target: "10.1.2.3", port: 25 }, policy)).toEqual([{ path: "target", message: expect.stringMatching(/^10\.1\.2\.3 is a private \(RFC 1918\) address .*HELODESK_ALLOWED_NETWORKS/) }]);
    for (const target of ["0x7f.1", "2130706433", "[::1]", "::ffff:127.0.0.1", "169.254.169.254"]) expect(paths({ target, port: 25 }), target).toEqual(["target"]);
    expect(paths({ target: "192.168.7.25", port: 25 })).toEqual([]);
    expect(paths({ target: "10.1.2.3", port: 2526 })).toEqual(["port", "target"]);
  });

  it("judges an MX host given as an address only for a name, since an IP target is connected to as it is", () => {
    expect(paths({ target: "example.com", mx: "127.0.0.1", port: 25 })).toEqual(["mx"]);
    expect(paths({ target: "example.com", mx: "0x7f.1", port: 25 })).toEqual(["mx"]);
    expect(paths({ target: "192.168.7.25", mx: "127.0.0.1", port: 25 })).toEqual([]);
  });

  it("leaves names to the engine, which judges their addresses once DNS has answered", () => {
    expect(paths({ target: "localhost", port: 25 })).toEqual([]);
    expect(paths({ target: "example.com", mx: "mx.example.com", port: 587 })).toEqual([]);
  });
});
