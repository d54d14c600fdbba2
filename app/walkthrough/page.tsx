import type { Metadata } from "next";
import { Walkthrough } from "@/components/walkthrough/walkthrough";
import { valuesFromQuery } from "@/lib/console-assist";

export const metadata: Metadata = { title: "Guided walkthrough" };

type Query = Record<string, string | string[] | undefined>;

/**
 * The KB 153119 walkthrough. A help desk can send a ready link:
 * `/walkthrough?target=example.com&port=25&from=a@example.org&to=b@example.com&tls=auto`.
 */
export default async function WalkthroughPage({ searchParams }: { searchParams: Promise<Query> }) {
  const values = valuesFromQuery(await searchParams);
  return <Walkthrough key={Object.values(values).join("|")} initial={values} />;
}
