import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  MissingRequirementError,
  findExecutable,
  requireTool,
  type RequirementIo,
} from "./requirements";

function recorder(env: Record<string, string> = {}): RequirementIo & { lines: string[] } {
  const lines: string[] = [];
  return { env, lines, report: (line) => lines.push(line) };
}

describe("requireTool", () => {
  it("runs the suite when the tool is found, and says nothing", () => {
    const io = recorder();
    expect(requireTool("Found-Tool", true, "apt-get install found", io)).toEqual({
      skip: false,
      reason: "",
    });
    expect(io.lines).toEqual([]);
  });

  it("skips with one line naming what to install when the tool is missing", () => {
    const io = recorder();
    const requirement = requireTool("Postfix-A", false, "apt-get install postfix", io);
    expect(requirement.skip).toBe(true);
    expect(io.lines).toEqual(["skipped: Postfix-A not found — apt-get install postfix"]);
    expect(requirement.reason).toBe(io.lines[0]);
  });

  it("reports a missing tool once however many suites ask for it", () => {
    const io = recorder();
    requireTool("Twice", false, "apt-get install twice", io);
    requireTool("Twice", false, "apt-get install twice", io);
    expect(io.lines).toHaveLength(1);
  });

  it("fails instead of skipping under HELODESK_REQUIRE_ALL_TESTS=1", () => {
    const io = recorder({ HELODESK_REQUIRE_ALL_TESTS: "1" });
    expect(() => requireTool("Chromium-B", false, "apt-get install chromium", io)).toThrow(
      MissingRequirementError,
    );
    expect(() => requireTool("Chromium-B", false, "apt-get install chromium", io)).toThrow(
      "Chromium-B not found — apt-get install chromium",
    );
    expect(io.lines).toEqual([]);
  });

  it("calls a probe function and treats a probe that throws as missing", () => {
    const io = recorder();
    expect(requireTool("Probed", () => true, "x", io).skip).toBe(false);
    const throwing = () => {
      throw new Error("EACCES");
    };
    expect(requireTool("Throwing", throwing, "x", io).skip).toBe(true);
  });

  it("treats a tool named in HELODESK_PRETEND_MISSING as missing, case-insensitively", () => {
    const io = recorder({ HELODESK_PRETEND_MISSING: "swaks, postfix-c" });
    expect(requireTool("Postfix-C", true, "apt-get install postfix", io).skip).toBe(true);
    expect(requireTool("Haraka-C", true, "npm ci", io).skip).toBe(false);
  });
});

describe("findExecutable", () => {
  const dir = mkdtempSync(join(tmpdir(), "helodesk-req-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds an executable on PATH and ignores a non-executable file", () => {
    writeFileSync(join(dir, "runme"), "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(join(dir, "readme"), "text", { mode: 0o644 });
    const env = { PATH: dir };
    expect(findExecutable("runme", [], env)).toBe(join(dir, "runme"));
    // root may execute anything with an x bit; this file has none
    expect(findExecutable("readme", [], env)).toBeNull();
  });

  it("looks in the extra directories too", () => {
    writeFileSync(join(dir, "daemon"), "#!/bin/sh\n", { mode: 0o755 });
    expect(findExecutable("daemon", [dir], { PATH: "" })).toBe(join(dir, "daemon"));
    expect(findExecutable("no-such-command-helodesk", [dir], { PATH: "" })).toBeNull();
  });
});
