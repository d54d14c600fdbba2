import type { SessionEvent } from "@/lib/schemas/events";
import { EventRow } from "./event-row";
import { NoteRow } from "./note-row";
import { ReplyRow } from "./reply-row";
import { SendRow } from "./send-row";

/**
 * The row for one event, keyed by seq. Rows are memoised on the event object, and the live session
 * only ever appends, so a new line renders one row, not the whole transcript.
 */
export function transcriptRow(event: SessionEvent) {
  switch (event.type) {
    case "send":
      return <SendRow key={event.seq} event={event} />;
    case "reply":
      return <ReplyRow key={event.seq} event={event} />;
    case "note":
      return <NoteRow key={event.seq} event={event} />;
    case "dns":
    case "connect":
    case "tls":
    case "message":
    case "close":
      return <EventRow key={event.seq} event={event} />;
    // Waits show in the wait indicator, checks in the report card, capabilities in their panel.
    case "wait":
    case "check":
    case "capabilities":
      return null;
  }
}
