import { z } from "zod";

/**
 * What a value must be, in the words an API user reads, for the problems a schema did not word itself
 * (a field's own message always wins: zod asks the schema first, this map after). Without it, a
 * boolean sent as a list answered "Invalid input: expected boolean, received array". Installed once
 * by the schema modules (primitives.ts, events.ts), in the server and in the browser alike.
 */
const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null",
  bigint: "a whole number",
};

function kindOf(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "number" && !Number.isFinite(input)) return String(input);
  switch (typeof input) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "undefined":
      return "nothing";
    default:
      return "an object";
  }
}

const bound = (issue: { origin?: string; inclusive?: boolean }, n: number | bigint, least: boolean): string => {
  const exact = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      return `must be ${least ? "at least" : "at most"} ${n} character${Number(n) === 1 ? "" : "s"} long`;
    case "array":
    case "set":
      return `must list ${least ? "at least" : "at most"} ${n} item${Number(n) === 1 ? "" : "s"}`;
    default:
      return `must be ${least ? (exact ? "at least" : "more than") : exact ? "at most" : "less than"} ${n}`;
  }
};

z.config({
  customError: (issue) => {
    switch (issue.code) {
      case "invalid_type":
        return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
      case "too_small":
        return bound(issue, issue.minimum, true);
      case "too_big":
        return bound(issue, issue.maximum, false);
      case "invalid_value":
        return `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`}`;
      case "invalid_union":
        return "does not match any form this field takes";
      default:
        return undefined;
    }
  },
});
