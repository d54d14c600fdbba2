import type { Config } from "@/server/config";
import { openStore } from "@/server/store/open-store";
import type { SessionStore } from "@/server/store/types";
import { logger } from "./logger";

const PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * Opens the session store for the web server: sessions a killed predecessor left running become
 * interrupted, and expired ones are purged now and every hour. Throws when the store cannot be opened.
 */
export async function startStore(config: Config): Promise<{ store: SessionStore; stop(): Promise<void> }> {
  const { store, kind, location } = await openStore(config);
  logger.info({ kind, location }, "session store open");
  const interrupted = await store.markInterrupted();
  if (interrupted > 0) logger.warn({ interrupted }, "sessions left running by the previous process are marked interrupted");
  else logger.info({ interrupted }, "no sessions were left running");
  const purge = () =>
    store.purgeExpired().then(
      (purged) => purged > 0 && logger.info({ purged }, "expired sessions purged"),
      (err: unknown) => logger.error({ err }, "purging expired sessions failed"),
    );
  await purge();
  const timer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
  timer.unref();
  return {
    store,
    stop: async () => {
      clearInterval(timer);
      await store.close();
    },
  };
}
