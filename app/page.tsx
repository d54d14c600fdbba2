import type { Metadata } from "next";
import { formFromQuery, type QueryParams } from "@/components/session-form/url-state";
import { RecentSessions } from "@/components/share/recent-sessions";
import { SessionWorkbench } from "@/components/workbench/session-workbench";

export const metadata: Metadata = {
  title: { absolute: "HeloDesk — test a mail server" },
};

/**
 * The test page. Its query string is the form (`/?target=example.com&profile=send&port=587…`), so a
 * help desk can send a link that opens ready to run. AUTH secrets are never read from it.
 */
export default async function HomePage({ searchParams }: { searchParams: Promise<QueryParams> }) {
  const { values, autoRun } = formFromQuery(await searchParams);
  return (
    <div className="space-y-8">
      <SessionWorkbench initialValues={values} autoRun={autoRun} />
      <RecentSessions />
    </div>
  );
}
