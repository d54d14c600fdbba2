import type { Socket } from "node:net";

/** Splits what a socket delivers into lines (latin1, so any byte is one character), each handed on without its line ending. */
export function eachLine(socket: Socket, line: (text: string) => void): void {
  let buffered = "";
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      line(buffered.slice(0, buffered[end - 1] === "\r" ? end - 1 : end));
      buffered = buffered.slice(end + 1);
    }
  });
}
