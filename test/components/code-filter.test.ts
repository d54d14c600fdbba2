import { describe, expect, it } from "vitest";
import { pastedReply, visibleCodes } from "@/components/codes/code-filter";
import { buildSearchIndex } from "@/components/codes/search-index";

const index = buildSearchIndex();

describe("the /codes search", () => {
  it("shows a pasted reply's two codes, as a bounce quotes it, where no entry holds all its words", () => {
    expect([...visibleCodes(index, "550 5.7.1 Unable to relay")].sort()).toEqual(["550", "X.7.1"]);
    expect([...visibleCodes(index, "554-5.7.1 <bob@example.net>: Relay access denied")].sort()).toEqual(["554", "X.7.1"]);
    expect([...visibleCodes(index, "421 Service not available, closing channel")]).toEqual(["421"]);
  });

  it("still searches by words and by a code on its own", () => {
    expect(visibleCodes(index, "relay").size).toBeGreaterThan(0);
    expect(visibleCodes(index, "relay").has("550")).toBe(false);
    expect(visibleCodes(index, "550").has("550")).toBe(true);
    expect(pastedReply("550")).toBeNull();
    expect(pastedReply("5.7.1 relay")).toBeNull();
    expect(pastedReply("550 5.7.1")).toEqual({ basic: "550", enhanced: "5.7.1" });
  });
});
