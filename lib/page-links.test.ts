import { describe, expect, it } from "vitest";
import { valuesFromQuery } from "./console-assist";
import { consoleHref, walkthroughHref } from "./page-links";

/** What the page at the other end reads from a link (app/console/page.tsx, app/walkthrough/page.tsx). */
const read = (href: string) => {
  const url = new URL(href, "https://helodesk.example");
  return { path: url.pathname, values: valuesFromQuery(Object.fromEntries(url.searchParams)) };
};

describe("links to the console and the walkthrough", () => {
  it("opens the console with the connection the page reads back, whatever the target holds", () => {
    expect(read(consoleHref({ target: "[2001:db8::25]", port: 587, tls: "starttls" }))).toEqual({
      path: "/console",
      values: { target: "[2001:db8::25]", port: "587", tls: "starttls", from: "", to: "" },
    });
    expect(read(consoleHref({ target: "mx&evil=1.example", port: "25", tls: "none" })).values.target).toBe("mx&evil=1.example");
  });

  it("opens the walkthrough with the envelope too, the null sender written as <>", () => {
    expect(read(walkthroughHref({ target: "example.com", port: 25, tls: "auto", from: "", to: "postmaster" }))).toEqual({
      path: "/walkthrough",
      values: { target: "example.com", port: "25", tls: "auto", from: "<>", to: "postmaster" },
    });
    expect(read(walkthroughHref({ target: "example.com", port: 25, tls: "auto", from: "a+b@example.org", to: "x@example.net" })).values).toMatchObject({ from: "a+b@example.org", to: "x@example.net" });
  });
});
