import type { Session } from "@/server/engine/session";
import type { SessionMeta, SessionStore } from "@/server/store/types";
import { logger } from "./logger";

/**
 * Appends each event to the store as it is streamed, in order, so a killed server loses at most the
 * event in flight. A store failure is logged and never stops the SMTP session.
 */
export function persistSession(session: Session, store: SessionStore, meta: SessionMeta): Promise<void> {
  const id = session.id;
  const fail = (what: string) => (err: unknown) => logger.error({ err, id }, `store: ${what} failed`);
  // The snapshot and the subscription are taken in the same tick: no event is missed or written twice.
  let chain = store.create(session.document(), meta).catch(fail("create"));
  session.subscribe((event) => {
    chain = chain.then(() => store.append(id, event)).catch(fail("append"));
  });
  return session.done.then(
    (doc) => (chain = chain.then(() => store.finish(doc)).catch(fail("finish"))),
    fail("session"),
  );
}
