import { sentence } from "@/lib/sentence";

interface StartErrorProps {
  /** The server's one-sentence reason, or the hook's when the server did not answer. */
  error: string;
  /** How many of the problems are shown next to their fields. */
  fieldIssues: number;
}

/** Why a test did not start: nothing ran, so this replaces the verdict. */
export function StartError({ error, fieldIssues }: StartErrorProps) {
  return (
    <div
      role="alert"
      data-testid="start-error"
      className="rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950/60 dark:text-red-50"
    >
      <p className="font-semibold">The test did not start.</p>
      <p className="mt-1 text-sm wrap-anywhere">
        {sentence(error)}
        {fieldIssues > 0 ? " The form shows what to fix." : ""}
      </p>
    </div>
  );
}
