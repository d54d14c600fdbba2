import { describe, expect, it } from "vitest";
import { inert } from "./inert-text";

describe("inert", () => {
  it("shows ANSI escapes as visible pictures instead of passing ESC through", () => {
    expect(inert("250 \x1b[31mred\x1b[0m")).toBe("250 \u241b[31mred\u241b[0m");
  });

  it("makes bidi overrides visible", () => {
    expect(inert("abc\u202edcb")).toBe("abc<U+202E>dcb");
  });

  it("shows NUL, bell and DEL", () => {
    expect(inert("a\0b\x07c\x7f")).toBe("a\u2400b\u2407c\u2421");
  });

  it("keeps tabs and ordinary Unicode", () => {
    expect(inert("a\tb é 用户")).toBe("a\tb é 用户");
  });
});
