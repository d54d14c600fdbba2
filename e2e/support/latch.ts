/**
 * A gate a test opens when it is ready: a scripted server holds a reply behind it, so the test can
 * look at the page while the SMTP session is still waiting, then let it go on.
 */
export interface Latch {
  readonly released: Promise<void>;
  readonly isReleased: boolean;
  release(): void;
}

export function createLatch(): Latch {
  let open!: () => void;
  let isReleased = false;
  const released = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    released,
    get isReleased() {
      return isReleased;
    },
    release() {
      isReleased = true;
      open();
    },
  };
}
