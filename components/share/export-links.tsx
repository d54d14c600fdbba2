import { LINK_BUTTON } from "./styles";

const FORMATS = [
  { path: "/transcript.txt", label: "Text", hint: "as a telnet log reads" },
  { path: "/transcript.md", label: "Markdown", hint: "an escalation note for a ticket" },
  { path: "", label: "JSON", hint: "the session document" },
] as const;

/** Plain links to the API's exports: they download without JavaScript, redacted like the page. */
export function ExportLinks({ id }: { id: string }) {
  return (
    <nav aria-label="Export" className="flex flex-wrap items-center gap-2">
      <span className="text-sm font-medium text-slate-700 dark:text-slate-300">Download:</span>
      {FORMATS.map((f) => (
        <a key={f.label} href={`/api/sessions/${id}${f.path}?download=1`} download className={LINK_BUTTON} data-testid={`export-${f.label.toLowerCase()}`}>
          {f.label}
          <span className="sr-only"> — {f.hint}</span>
        </a>
      ))}
    </nav>
  );
}
