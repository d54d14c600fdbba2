/** A hidden tab runs no animation frames: what waits for one still renders, a little later. */
const FALLBACK_MS = 100;

type Update = () => void;

/**
 * When a live session's state updates render, so that its first reply reaches the screen soonest
 * (docs/performance.md, first line). The first reply renders at once (`flushSync`, React's, passed
 * in); what follows it (on a fast server the rest of the burst and the end arrive together with it,
 * each in its own task) waits until the frame that shows the first reply is painted, then renders in
 * the order it came; after that, every update renders as it comes.
 */
export class UpdatePacer {
  private queue: Update[] = [];
  private holding = false;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly flushSync: (fn: () => void) => void) {}

  update(fn: Update): void {
    if (!this.holding) return fn();
    this.queue.push(fn);
  }

  /** The session's first reply: rendered now; what comes next waits for its frame. */
  firstReply(fn: Update): void {
    this.release();
    this.flushSync(fn);
    this.holding = true;
    // rAF runs just before the frame is drawn; a task queued from it runs after.
    this.frame = requestAnimationFrame(() => setTimeout(() => this.release(), 0));
    this.timer = setTimeout(() => this.release(), FALLBACK_MS);
  }

  /** What still waits belonged to a session that is gone (a new run, the page leaving): not rendered. */
  drop(): void {
    this.queue = [];
    this.release();
  }

  /** Renders what waits, in order, and stops holding. A stale frame's task finds nothing to do. */
  private release(): void {
    cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.holding = false;
    const waiting = this.queue;
    this.queue = [];
    for (const update of waiting) update();
  }
}
