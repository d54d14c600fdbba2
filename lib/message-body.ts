/**
 * A message made ready for the wire. Whatever line endings the text arrived with (CRLF from a file,
 * LF from a browser textarea, a stray CR), the server sees CRLF only: a bare CR or LF next to a dot is
 * what SMTP smuggling feeds on, so none ever leaves HeloDesk.
 */

const LINE_BREAK = /\r\n|\r|\n/;

/** The message's lines, each line ending (CRLF, bare LF or bare CR) counted as one break. */
function splitLines(message: string): string[] {
  if (message === "") return [];
  const lines = message.split(LINE_BREAK);
  // A final line break ends the last line; it does not start an empty one.
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * The lines to send after DATA's 354, each to be followed by CRLF, dot-stuffed (RFC 5321 4.5.2): a
 * line starting with "." gets one more, so no line of the message can read as the end of data. The
 * caller sends the lone "." itself.
 */
export function toDataLines(message: string): string[] {
  return splitLines(message).map((line) => (line.startsWith(".") ? `.${line}` : line));
}

/**
 * The message for BDAT (RFC 3030 2): sent as counted octets, so no dot-stuffing and no end-of-data
 * line. Line endings become CRLF and the last line gets one, so the server stores exactly what the
 * same message sent with DATA would give it.
 */
export function toBdatPayload(message: string): string {
  return splitLines(message).map((line) => `${line}\r\n`).join("");
}
