import type { EventInput, SessionEvent } from "@/lib/schemas/events";

type Listener = (event: SessionEvent) => void;

/**
 * Stamps each event with its order and monotonic times, keeps the log, and fans it out. The clock is
 * injected (performance.now by default) so wall-clock jumps never reorder or skew a transcript.
 */
export class Recorder {
  readonly events: SessionEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly start: number;
  private last = 0;
  private closed = false;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.start = now();
  }

  /** Milliseconds since the session started. */
  elapsed(): number {
    return this.now() - this.start;
  }

  emit(input: EventInput): SessionEvent {
    if (this.closed) throw new Error("recorder is closed");
    const t = round(Math.max(this.elapsed(), this.last));
    // Not `{ ...input, seq, t, dt }`: V8 gives every object built by a spread plus extra fields its own
    // hidden class, which doubled the memory of a kept event and made every reader of events slow
    // (docs/performance.md, fan-out). Object.assign shares one hidden class per event type.
    const event = Object.assign({}, input, { seq: this.events.length, t, dt: round(t - this.last) }) as SessionEvent;
    this.last = t;
    this.events.push(event);
    if (event.type === "close") this.closed = true;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (a gone socket, a full pipe) must not stop the session.
      }
    }
    return event;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
