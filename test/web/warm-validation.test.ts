import { describe, expect, it } from "vitest";
import { WARM_UP_MESSAGE } from "@/components/session/warm-validation";
import { SessionEventMessage } from "@/lib/socket-contract";

describe("the live channel's warm-up sample", () => {
  it("is a valid reply event message, so parsing it walks the whole reply schema", () => {
    const parsed = SessionEventMessage.safeParse(WARM_UP_MESSAGE);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.event.type).toBe("reply");
  });
});
