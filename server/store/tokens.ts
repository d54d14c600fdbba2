import { createHash, timingSafeEqual } from "node:crypto";

export const hashDeleteToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Compares in constant time, so the answer's timing tells nothing about how much of the hash matched. */
export function deleteTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashDeleteToken(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return stored.length === given.length && timingSafeEqual(given, stored);
}
