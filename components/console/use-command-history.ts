import { useMemo, useRef } from "react";

const LIMIT = 100;

export interface CommandHistory {
  /** Remember a sent line (a repeat of the last one is kept once). */
  push(line: string): void;
  /** ArrowUp: the previous line, keeping what was being typed; null when there is none. */
  older(current: string): string | null;
  /** ArrowDown: the next line, or back to what was being typed; null when not browsing. */
  newer(): string | null;
  /** Typing stops browsing: the next ArrowUp starts from the newest line again. */
  stopBrowsing(): void;
}

/** A shell-like history of the lines sent in this console, in memory only. */
export function useCommandHistory(): CommandHistory {
  const entries = useRef<string[]>([]);
  const index = useRef(-1);
  const draft = useRef("");
  return useMemo(
    () => ({
      push(line) {
        const list = entries.current;
        if (line.trim() && list.at(-1) !== line) list.push(line);
        if (list.length > LIMIT) list.shift();
        index.current = -1;
      },
      older(current) {
        const list = entries.current;
        if (!list.length) return null;
        if (index.current === -1) {
          draft.current = current;
          index.current = list.length - 1;
        } else if (index.current > 0) {
          index.current -= 1;
        }
        return list[index.current] ?? null;
      },
      newer() {
        const list = entries.current;
        if (index.current === -1) return null;
        if (index.current < list.length - 1) {
          index.current += 1;
          return list[index.current] ?? null;
        }
        index.current = -1;
        return draft.current;
      },
      stopBrowsing() {
        index.current = -1;
      },
    }),
    [],
  );
}
