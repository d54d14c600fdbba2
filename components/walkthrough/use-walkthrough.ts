import { useEffect, useRef, useState } from "react";
import { focusFirstError } from "@/components/console/connection-fields";
import { issueAt } from "@/components/session/issue-at";
import { useLiveSession } from "@/components/session/use-live-session";
import {
  checkLine,
  type FieldErrors,
  heloNameOf,
  lastSeq,
  messageLines,
  parseConnection,
  parseEnvelope,
  starttlsPlan,
  testMessage,
  transactionDeferred,
  transactionRefused,
  walkCommand,
  walkState,
  type WalkStep,
  walkSteps,
  type WalkValues,
} from "@/lib/console-assist";
import type { TlsMode } from "@/lib/schemas/request";
import { connectCommand } from "./step-content";
import { sentence } from "@/lib/sentence";
import { type StepRun, stepOutcome } from "./step-outcome";

export const SETUP_ID = "walkthrough";
export type SetupKey = "target" | "port" | "from" | "to";
const SETUP_ORDER: SetupKey[] = ["target", "port", "from", "to"];

/** What the connect step fixed for the whole walk. */
interface Walk {
  target: string;
  port: number;
  tls: TlsMode;
  from: string;
  to: string;
}

/**
 * The walkthrough's state: one interactive session, the step on screen, and each step's last run.
 * What came back is never stored: it is read from the session's events, so it is always current.
 */
export function useWalkthrough(initial: WalkValues) {
  const live = useLiveSession();
  const [values, setValues] = useState(initial);
  const [setupErrors, setSetupErrors] = useState<FieldErrors<SetupKey>>({});
  const [walk, setWalk] = useState<Walk | null>(null);
  const [current, setCurrent] = useState<WalkStep>("connect");
  const [runs, setRuns] = useState<Partial<Record<WalkStep, StepRun>>>({});
  const [edits, setEdits] = useState<Partial<Record<WalkStep, string>>>({});
  const [inputError, setInputError] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const events = useRef(live.events);
  useEffect(() => {
    events.current = live.events;
  });

  const active = live.status === "starting" || live.status === "running";
  const over = live.status === "finished" || live.status === "error";
  const plan = starttlsPlan(live.events, walk?.tls ?? values.tls);
  const steps = walkSteps(plan);
  const context = { heloName: heloNameOf(live.events), from: walk?.from ?? values.from.trim(), to: walk?.to ?? values.to.trim() };
  const commandOf = (step: WalkStep) => edits[step] ?? walkCommand(step, context);
  const outcomeOf = (step: WalkStep) =>
    stepOutcome({ step, run: runs[step], events: live.events, over, startError: step === "connect" && live.status === "error" ? live.error : null });
  const setRun = (step: WalkStep, patch: Partial<StepRun>) =>
    setRuns((r) => ({ ...r, [step]: { command: "", afterSeq: -1, running: false, error: null, ...r[step], ...patch } }));

  async function connect() {
    const conn = parseConnection(values);
    const env = parseEnvelope(values);
    const errors = { ...(conn.ok ? {} : conn.errors), ...(env.ok ? {} : env.errors) };
    setSetupErrors(errors);
    if (!conn.ok || !env.ok) {
      // After the messages render, so the field is announced with its error.
      requestAnimationFrame(() => focusFirstError(SETUP_ID, errors, SETUP_ORDER));
      return;
    }
    if (active) live.cancel();
    setWalk({ target: conn.target, port: conn.port, tls: values.tls, from: env.from, to: env.to });
    setRuns({ connect: { command: connectCommand(values), afterSeq: -1, running: true, error: null } });
    setEdits({});
    setMessage("");
    await live.start({ target: conn.target, port: conn.port, tls: values.tls, profile: "interactive" });
    setRun("connect", { running: false });
  }

  /** Sends the lines in order, stopping at the first that does not go out. */
  async function sendAll(step: WalkStep, lines: string[], shown: string) {
    if (live.status !== "running") return setInputError("The connection is closed: go to the summary, or start again.");
    setInputError(null);
    setRun(step, { command: shown, afterSeq: lastSeq(events.current), running: true, error: null });
    for (const line of lines) {
      const ack = await live.send(line);
      if (!ack.ok) return setRun(step, { running: false, error: sentence(ack.error) });
    }
    setRun(step, { running: false });
  }

  async function run(step: WalkStep) {
    if (step === "connect") return connect();
    if (step === "body") {
      const parsed = messageLines(message);
      if ("error" in parsed) return setInputError(parsed.error);
      if (walkState(events.current).data !== "body") return setInputError("The server is not waiting for a message: DATA has to be answered with 354 first.");
      return sendAll(step, [...parsed.lines, "."], `${parsed.lines.length} message lines, then “.”`);
    }
    // A command typed now would become a line of the message.
    if (walkState(events.current).data === "body") return setInputError("The server is waiting for the message: go on to the next step to send it.");
    const command = commandOf(step);
    const check = checkLine(command, "command");
    if (check.error) return setInputError(check.error);
    return sendAll(step, [command], command);
  }

  function go(step: WalkStep) {
    setInputError(null);
    if (step === "body" && !message) setMessage(testMessage({ from: context.from, to: context.to, date: new Date(), heloName: context.heloName }));
    setCurrent(step);
  }

  /** Where Next step goes from here. */
  function nextStep(): WalkStep {
    // No answer will come any more: the summary says what happened.
    if (over || current === "quit" || current === "summary") return "summary";
    const starttls = outcomeOf("starttls");
    // Refused: no TLS, so no second EHLO either.
    if (current === "starttls" && !(starttls?.kind === "reply" && starttls.tls)) return "mail-from";
    // A sender, recipient or DATA refused ends the transaction: there is no message to send, so the
    // walk says goodbye. For good (5xx), as the console's suggestion does (suggestNext); for now (4xx,
    // greylisting) too, since a walk goes forward only: its summary says to try again later, where the
    // console offers the same command again.
    const transaction = current === "mail-from" || current === "rcpt-to" || current === "data";
    const state = transaction ? walkState(live.events) : null;
    if (state && (transactionRefused(state) || transactionDeferred(state))) return "quit";
    return steps[steps.indexOf(current) + 1] ?? "summary";
  }

  function restart() {
    if (active) live.cancel();
    live.reset();
    setRuns({});
    setEdits({});
    setWalk(null);
    setMessage("");
    go("connect");
  }

  // What the HeloDesk server refused in the request (a target its policy forbids) shows at the field too.
  const errors: FieldErrors<SetupKey> = {
    ...setupErrors,
    target: setupErrors.target ?? issueAt(live.fieldErrors, "target"),
    port: setupErrors.port ?? issueAt(live.fieldErrors, "port"),
  };

  return {
    live, values, setupErrors: errors, walk, current, steps, runs, message, inputError, over, active,
    starttlsPending: plan === "pending",
    commandOf, outcomeOf, run, nextStep, go, restart,
    setValues: (patch: Partial<WalkValues>) => {
      setValues((v) => ({ ...v, ...patch }));
      setSetupErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(patch).map((k) => [k, undefined])) }));
    },
    setCommand: (step: WalkStep, command: string) => {
      setEdits((e) => ({ ...e, [step]: command }));
      setInputError(null);
    },
    setMessage: (text: string) => {
      setMessage(text);
      setInputError(null);
    },
  };
}

export type WalkthroughState = ReturnType<typeof useWalkthrough>;
