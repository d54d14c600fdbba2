import v8 from "node:v8";
import vm from "node:vm";

/**
 * A full garbage collection, so memory can be compared before and after. The flag is set at run time
 * (vitest's workers start without --expose-gc); gc() is then read from a fresh context, where V8
 * installs it.
 */
export function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

/** Heap in use after a full collection. */
export function settledHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
