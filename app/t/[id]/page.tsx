import type { Metadata } from "next";
import { cache } from "react";
import { DeleteForm } from "@/components/share/delete-form";
import { ExportLinks } from "@/components/share/export-links";
import { ForgetSession } from "@/components/share/forget-session";
import { LiveShareLazy } from "@/components/share/live-share-lazy";
import { SessionGone } from "@/components/share/session-gone";
import { ShareBody } from "@/components/share/share-body";
import { ShareHeader } from "@/components/share/share-header";
import { shareTitle } from "@/lib/exports/failing-step";
import { loadSharedSession } from "@/server/api/load-session";
import { appContext } from "@/server/web/app-context";
import SessionNotFound from "./not-found";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One store read per request, shared by the metadata and the page. */
const load = cache((id: string) => loadSharedSession(appContext(), id));

const NOT_SHARED: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const shared = await load((await params).id);
  if (shared.status === "expired") return { ...NOT_SHARED, title: "Share link expired" };
  if (shared.status === "deleted") return { ...NOT_SHARED, title: "Session deleted" };
  if (shared.status !== "found") return { ...NOT_SHARED, title: "Session not found" };
  const { title, description } = shareTitle(shared.document);
  return { ...NOT_SHARED, title: { absolute: title }, description, openGraph: { title, description, type: "article" } };
}

const DELETE_ERRORS: Record<string, string> = {
  forbidden: "That delete token does not match this session: paste the token shown when the test started.",
  "no-token": "Enter the delete token shown when the test started.",
};

/**
 * A share link: the session rendered on the server (readable without JavaScript), read-only, with
 * the live view's transcript and panels, redacted as its creator chose. Expired and deleted links
 * get their page (the custom server sets 410); unknown ids get 404.
 */
export default async function SharePage({ params, searchParams }: Props) {
  const { id } = await params;
  const shared = await load(id);
  // Rendered here, not through notFound(): Next renders that page only in the browser. The custom
  // server has set 404 (share-status.ts).
  if (shared.status === "missing") return <SessionNotFound />;
  if (shared.status !== "found") {
    return (
      <>
        <SessionGone reason={shared.status} />
        <ForgetSession id={id} />
      </>
    );
  }
  const deleteParam = (await searchParams).delete;
  const deleteError = typeof deleteParam === "string" ? DELETE_ERRORS[deleteParam] : undefined;
  const doc = shared.document;
  return (
    <div className="space-y-6" data-testid="share-page" data-session-id={doc.id}>
      <ShareHeader doc={doc} expiresAt={shared.expiresAt} />
      <ExportLinks id={doc.id} />
      {/* A finished session is final: rendered here, it sends the browser only the transcript's controls. */}
      {shared.live ? <LiveShareLazy initial={doc} live /> : <ShareBody state={doc.state} outcome={doc.outcome} events={doc.events} />}
      <DeleteForm id={doc.id} error={deleteError} />
    </div>
  );
}
