import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConsoleLine, SessionRequest, ShareOptions, toPublicRequest } from "@/lib/schemas/request";
import { CancelPayload, InputPayload, SessionEndMessage, SessionEventMessage, StartPayload, WatchPayload, fieldIssues, firstProblem } from "@/lib/socket-contract";
import { readTarget } from "@/lib/target-reading";
import { hostileValue, mutated } from "./arbitraries";
import { RUNS, TEST_TIMEOUT_MS, meter } from "./budget";

/**
 * Every schema that reads what a client sends (socket payloads, REST bodies, console lines) and what
 * a browser reads back: safeParse never throws, answers within the case limit, and a failure always
 * turns into one plain sentence plus field issues.
 */
const ID = "A".repeat(22);
const TOKEN = "b_-".repeat(8);
const START = {
  target: "mail.example.com",
  port: 587,
  profile: "send",
  tls: "starttls",
  from: "me@example.com",
  to: ["you@example.com"],
  auth: { username: "me", password: "secret-password", mechanism: "PLAIN" },
  subject: "hello",
  body: "Hello.\r\n",
  timeouts: { connectMs: 1000, sessionMs: 5000 },
  share: { hideAddresses: true, expiresInDays: 7 },
};

const SCHEMAS: Array<[string, z.ZodType, Record<string, unknown>]> = [
  ["StartPayload (SessionRequest, POST /api/sessions)", StartPayload, START],
  ["InputPayload", InputPayload, { id: ID, token: TOKEN, line: "RCPT TO:<you@example.com>" }],
  ["CancelPayload", CancelPayload, { id: ID, token: TOKEN }],
  ["WatchPayload", WatchPayload, { id: ID, after: 3, token: TOKEN }],
  ["ConsoleLine", ConsoleLine, { line: "EHLO tester.example" }],
  ["ShareOptions", ShareOptions, { hideAddresses: false, hideBody: true, expiresInDays: 30 }],
  ["SessionEventMessage (read by the browser)", SessionEventMessage, { id: ID, event: { seq: 0, t: 0, dt: 0, type: "note", level: "info", code: "x", text: "y" } }],
  ["SessionEndMessage (read by the browser)", SessionEndMessage, { id: ID, outcome: "pass" }],
];

function expectCleanResult(result: ReturnType<z.ZodType["safeParse"]>): void {
  if (result.success) return;
  expect(result.error).toBeInstanceOf(z.ZodError);
  const sentence = firstProblem(result.error);
  expect(typeof sentence).toBe("string");
  expect(sentence.length).toBeGreaterThan(0);
  // Messages are written by the schema, not echoed input: a 20 kB target must not come back whole.
  expect(sentence.length).toBeLessThan(1_000);
  // HeloDesk's own words, never zod's defaults ("Invalid input: expected boolean, received array").
  for (const issue of fieldIssues(result.error)) expect(issue.message).not.toMatch(/^(Too (small|big)|Invalid (input|option|string|type|element|key)|Expected|Unrecognized)\b/);
  for (const issue of fieldIssues(result.error)) expect(typeof issue.message).toBe("string");
}

describe("fuzzing the inbound payload schemas", () => {
  it.each(SCHEMAS)("%s: safeParse never throws and fails with a sentence", { timeout: TEST_TIMEOUT_MS }, (name, schema, valid) => {
    expect(schema.safeParse(valid).success).toBe(true);
    const m = meter();
    fc.assert(fc.property(mutated(valid), m.wrap((value) => expectCleanResult(schema.safeParse(value)))), { numRuns: RUNS });
    m.finish(name);
  });

  it("a start payload that parses has a readable target and keeps its secrets out of the public request", { timeout: TEST_TIMEOUT_MS }, () => {
    const m = meter();
    const withSecret = { ...START, auth: { username: "me", password: "s3cret-Pa55word!", mechanism: "PLAIN" } };
    fc.assert(
      fc.property(
        mutated(withSecret),
        m.wrap((value) => {
          const parsed = SessionRequest.safeParse(value);
          if (!parsed.success) return expectCleanResult(parsed);
          const target = readTarget(parsed.data.target);
          expect(target.kind === "ip" ? target.address : target.name).toBeTypeOf("string");
          const shown = JSON.stringify(toPublicRequest(parsed.data));
          const secrets = [parsed.data.auth?.password, parsed.data.auth?.token].filter((s): s is string => !!s && s.length >= 8);
          for (const secret of secrets) expect(shown).not.toContain(secret);
        }),
      ),
      { numRuns: RUNS },
    );
    m.finish("SessionRequest secrets");
  });

  it("random values of every kind, not only mutations of a valid payload, never throw", { timeout: TEST_TIMEOUT_MS }, () => {
    const m = meter();
    fc.assert(
      fc.property(
        hostileValue,
        m.wrap((value) => {
          for (const [, schema] of SCHEMAS) expectCleanResult(schema.safeParse(value));
        }),
      ),
      { numRuns: RUNS },
    );
    m.finish("all schemas, random values");
  });
});

describe("the watch payload's words", () => {
  it("says what `after` must be, in HeloDesk's words", () => {
    for (const after of [-5, 1.5, "3"]) {
      const result = WatchPayload.safeParse({ id: "AAAAAAAAAAAAAAAAAAAAAA", after });
      expect(result.success).toBe(false);
      if (!result.success) expect(firstProblem(result.error)).toMatch(/after must be (-1|the seq)/);
    }
  });
});
