/**
 * Links that open the console or the walkthrough filled in, as their pages read them
 * (app/console/page.tsx, app/walkthrough/page.tsx): one place that knows their parameters.
 */

interface Connection {
  target: string;
  port: string | number;
  tls: string;
}

export function consoleHref({ target, port, tls }: Connection): string {
  return `/console?${new URLSearchParams({ target, port: String(port), tls })}`;
}

/** `from` empty is the null sender, which the walkthrough's link writes as "<>". */
export function walkthroughHref({ target, port, tls, from, to }: Connection & { from: string; to: string }): string {
  return `/walkthrough?${new URLSearchParams({ target, port: String(port), tls, from: from || "<>", to })}`;
}
