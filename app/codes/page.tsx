import type { Metadata } from "next";
import { CodeIndex } from "@/components/codes/code-index";
import { queryFromParam } from "@/components/codes/code-filter";

export const metadata: Metadata = {
  title: "Reply codes",
  description: "Every SMTP basic reply code and enhanced status code, what it means and which RFC defines it.",
};

export default async function CodesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { q } = await searchParams;
  return <CodeIndex query={queryFromParam(q)} />;
}
