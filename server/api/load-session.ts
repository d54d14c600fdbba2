import { redactDocument } from "@/lib/redaction";
import type { SessionDocument } from "@/lib/schemas/session";
import type { AppContext } from "@/server/web/app-context";

/** 128 random bits in base64url are 22 characters; the socket contract accepts up to 64. */
export const SESSION_ID = /^[A-Za-z0-9_-]{22,64}$/;

export type SharedSession =
  | {
      status: "found";
      document: SessionDocument;
      /** Still running in this process: viewers can follow it live. */
      live: boolean;
      /** When the link stops working; null for a session not yet in the store. */
      expiresAt: string | null;
    }
  | { status: "expired" | "deleted" | "missing" };

type Parts = Pick<AppContext, "store" | "registry">;

/**
 * A session as anyone holding its link sees it: from the live registry while it runs (the freshest
 * events), else from the store; redacted as its creator chose. A session that has just started may
 * not be in the store yet, so the registry answers for it; a tombstone (expired, deleted) wins.
 */
export async function loadSharedSession(ctx: Parts, id: string): Promise<SharedSession> {
  if (!SESSION_ID.test(id)) return { status: "missing" };
  const stored = await ctx.store.get(id);
  if (stored.status === "expired" || stored.status === "deleted") return { status: stored.status };
  const entry = ctx.registry.get(id);
  const liveDoc = entry?.session.document();
  if (stored.status === "missing" && !liveDoc) return { status: "missing" };
  const document = liveDoc && (stored.status === "missing" || stored.document.state === "running") ? liveDoc : stored.status === "found" ? stored.document : liveDoc!;
  return {
    status: "found",
    document: redactDocument(document),
    live: document.state === "running" && Boolean(entry),
    expiresAt: stored.status === "found" ? stored.meta.expiresAt : null,
  };
}
