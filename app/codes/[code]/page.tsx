import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CodeDetail } from "@/components/codes/code-detail";
import { knownCodeParams, lookupCode, lookupSummary, lookupTitle } from "@/components/codes/code-lookup";

interface Props {
  params: Promise<{ code: string }>;
}

export function generateStaticParams() {
  return knownCodeParams();
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lookup = lookupCode((await params).code);
  if (!lookup) return { title: "Not a reply code" };
  const code = lookup.kind === "basic" ? String(lookup.code) : lookup.code;
  return { title: `${code} — ${lookupTitle(lookup)}`, description: lookupSummary(lookup) || undefined };
}

export default async function CodePage({ params }: Props) {
  const lookup = lookupCode((await params).code);
  if (!lookup) notFound();
  return <CodeDetail lookup={lookup} />;
}
