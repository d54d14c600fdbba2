import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Tests that need something npm cannot install (Postfix, Chromium, swaks,
 * PostgreSQL) ask for it here. A missing tool skips the suite with one line
 * saying what to install; in CI (`HELODESK_REQUIRE_ALL_TESTS=1`) it fails the
 * suite instead, so a green run never hides a missing install step.
 */

/** Set to 1 to turn every missing requirement into a failure. */
export const REQUIRE_ALL_ENV = "HELODESK_REQUIRE_ALL_TESTS";
/** Comma-separated names to treat as missing, to exercise the skip path. */
export const PRETEND_MISSING_ENV = "HELODESK_PRETEND_MISSING";

export interface Requirement {
  /** `describe.skipIf(requirement.skip)` */
  readonly skip: boolean;
  /** The one-line reason when skipped, empty otherwise. */
  readonly reason: string;
}

export interface RequirementIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly report: (line: string) => void;
}

export class MissingRequirementError extends Error {
  override readonly name = "MissingRequirementError";
}

// One line per name and process: several suites may ask for the same tool.
const reported = new Set<string>();

const defaultIo: RequirementIo = {
  env: process.env,
  report: (line) => process.stderr.write(`${line}\n`),
};

export function requireTool(
  name: string,
  found: boolean | (() => boolean),
  installHint: string,
  io: RequirementIo = defaultIo,
): Requirement {
  if (isPresent(name, found, io.env)) return { skip: false, reason: "" };

  const missing = `${name} not found — ${installHint}`;
  if (io.env[REQUIRE_ALL_ENV] === "1") {
    throw new MissingRequirementError(`required: ${missing} (${REQUIRE_ALL_ENV}=1)`);
  }
  const reason = `skipped: ${missing}`;
  if (!reported.has(name)) {
    reported.add(name);
    io.report(reason);
  }
  return { skip: true, reason };
}

function isPresent(
  name: string,
  found: boolean | (() => boolean),
  env: RequirementIo["env"],
): boolean {
  if (pretendsMissing(name, env)) return false;
  if (typeof found === "boolean") return found;
  try {
    return found();
  } catch {
    // A probe that throws (missing file, bad permissions) means "not usable".
    return false;
  }
}

function pretendsMissing(name: string, env: RequirementIo["env"]): boolean {
  const list = env[PRETEND_MISSING_ENV];
  if (!list) return false;
  const wanted = name.toLowerCase();
  return list.split(",").some((entry) => entry.trim().toLowerCase() === wanted);
}

// Daemons live in sbin directories that a non-root PATH often lacks.
const SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/** The absolute path of an executable on PATH or in the sbin directories, or null. */
export function findExecutable(
  command: string,
  extraDirs: readonly string[] = [],
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  const pathDirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const dir of [...pathDirs, ...SBIN_DIRS, ...extraDirs]) {
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}
