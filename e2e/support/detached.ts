import { type ElementHandle, expect } from "@playwright/test";

/** Until the element has left the DOM (React put another in its place), within 10 s. */
export const detached = (handle: ElementHandle) => expect.poll(() => handle.evaluate((el) => el.isConnected), { timeout: 10_000 }).toBe(false);
