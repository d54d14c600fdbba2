import type { EventInput, SessionEvent } from "@/lib/schemas/events";
import { SecretList } from "./secrets";

type Listener = (event: SessionEvent) => void;

/** The completion of an event that was whole when emitted. */
const published = () => undefined;

/**
 * Stamps each event with its order and monotonic times, keeps the log, and fans it out. The clock is
 * injected (performance.now by default) so wall-clock jumps never reorder or skew a transcript.
 */
export class Recorder {
  private readonly log: SessionEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly start: number;
  private last = 0;
  private closed = false;
  /** Stamped but not yet completed and published: see emitSoon. */
  private readonly held: Array<{ event: SessionEvent; complete: (event: SessionEvent) => void }> = [];
  private flushScheduled = false;
  /** What AUTH sent: blanked in every event from then on, wherever a server quotes it back. */
  readonly secrets = new SecretList();

  constructor(private readonly now: () => number = () => performance.now()) {
    this.start = now();
  }

  /** Milliseconds since the session started. */
  elapsed(): number {
    return this.now() - this.start;
  }

  /** The log so far, every event complete. */
  get events(): SessionEvent[] {
    this.flush();
    return this.log;
  }

  /**
   * Stamps and publishes an event. While a reply is held (emitSoon), an event emitted after it waits
   * with it, so the order stays, and so what a step records between a reply and its next command (the
   * capabilities after EHLO, the message after the end of DATA) does not hold that command up either.
   * The close event publishes everything at once.
   */
  emit(input: EventInput): SessionEvent {
    const event = this.stamp(input);
    if (this.held.length > 0 && event.type !== "close") {
      this.held.push({ event, complete: published });
      return event;
    }
    this.flush();
    this.publish(event);
    return event;
  }

  /**
   * Stamps an event now, in its place in the log, but completes and publishes it a little later: at
   * the next read of the log, the close, or the next event-loop turn, whichever comes first. A
   * reply is stamped as it arrives, the next command goes out, and only then is the reply explained
   * and sent to listeners (store, browsers, terminal): that work overlaps the server's round trip
   * instead of adding to it. Order and times are those of the moment of stamping.
   */
  emitSoon<E extends SessionEvent>(input: EventInput, complete: (event: E) => void): E {
    const event = this.stamp(input) as E;
    this.held.push({ event, complete: complete as (event: SessionEvent) => void });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
    return event;
  }

  /**
   * The last event in the log as stamped that matches, without completing held ones: for a look at
   * fields set when stamping (a reply's code) that must not force the explanations out first.
   */
  findLastStamped(match: (event: SessionEvent) => boolean): SessionEvent | undefined {
    return this.log.findLast(match);
  }

  /** Completes and publishes what emitSoon held back. */
  flush(): void {
    if (this.held.length === 0) return;
    for (const { event, complete } of this.held.splice(0)) {
      complete(event);
      // The completion (an explanation) may quote the reply it was made from.
      this.secrets.blankEvent(event);
      this.publish(event);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  subscribe(listener: Listener): () => void {
    this.flush();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stamp(input: EventInput): SessionEvent {
    if (this.closed) throw new Error("recorder is closed");
    const t = round(Math.max(this.elapsed(), this.last));
    // Not `{ ...input, seq, t, dt }`: V8 gives every object built by a spread plus extra fields its own
    // hidden class, which doubled the memory of a kept event and made every reader of events slow
    // (docs/performance.md, fan-out). Object.assign shares one hidden class per event type.
    const seq = this.log.length;
    const dt = round(t - this.last);
    let event: SessionEvent;
    if (Object.hasOwn(input, "seq")) {
      // Built by its caller as one literal with the stamp fields (a reply): stamped in place.
      event = input as SessionEvent;
      event.seq = seq;
      event.t = t;
      event.dt = dt;
    } else event = Object.assign({}, input, { seq, t, dt }) as SessionEvent;
    this.secrets.blankEvent(event);
    this.last = t;
    this.log.push(event);
    if (event.type === "close") this.closed = true;
    return event;
  }

  private publish(event: SessionEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (a gone socket, a full pipe) must not stop the session.
      }
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
