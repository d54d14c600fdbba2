import type { ConsoleMode } from "@/lib/console-assist";

const TEXT: Record<Exclude<ConsoleMode, "command">, { title: string; detail: string }> = {
  data: {
    title: "Message body: end with a line containing only a dot",
    detail: "Each line you send is part of the message: headers (Subject:, From:, To:), a blank line, then the text.",
  },
  auth: {
    title: "AUTH answer: the server asked a question (334)",
    detail: "Send the base64 answer. HeloDesk hides it in the transcript and never keeps it.",
  },
};

/** Shown above the prompt when a line is not read as a command: message lines after 354, or an AUTH answer. */
export function ModeIndicator({ id, mode }: { id: string; mode: ConsoleMode }) {
  if (mode === "command") return null;
  const text = TEXT[mode];
  return (
    <div
      id={id}
      data-testid="console-mode"
      data-mode={mode}
      className="rounded-md border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-50"
    >
      <p className="font-semibold">{text.title}</p>
      <p className="mt-0.5">{text.detail}</p>
    </div>
  );
}
