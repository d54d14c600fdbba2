import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IdleTranscript } from "@/components/transcript/idle-transcript";
import { RawView } from "@/components/transcript/raw-view";

const noop = () => {};

// The test page shows IdleTranscript until a test starts, then RawView: the swap must not be visible.
describe("the idle transcript", () => {
  it("renders what RawView renders before any test, in the annotated view", () => {
    expect(renderToStaticMarkup(createElement(IdleTranscript, { mode: "annotated", onMode: noop }))).toBe(
      renderToStaticMarkup(createElement(RawView, { events: [], status: "idle" })),
    );
  });

  it("renders what RawView renders before any test, in the raw view", () => {
    expect(renderToStaticMarkup(createElement(IdleTranscript, { mode: "raw", onMode: noop }))).toBe(
      renderToStaticMarkup(createElement(RawView, { events: [], status: "idle", initialMode: "raw" })),
    );
  });
});
