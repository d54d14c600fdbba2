import type { Metadata } from "next";
import { SmtpConsole } from "@/components/console/smtp-console";
import { valuesFromQuery } from "@/lib/console-assist";

export const metadata: Metadata = { title: "SMTP console" };

type Query = Record<string, string | string[] | undefined>;

/** The console. `/console?target=example.com&port=587&tls=starttls` opens with the form filled in. */
export default async function ConsolePage({ searchParams }: { searchParams: Promise<Query> }) {
  const { target, port, tls } = valuesFromQuery(await searchParams);
  return <SmtpConsole key={`${target}|${port}|${tls}`} initial={{ target, port, tls }} />;
}
