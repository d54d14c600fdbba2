import { describe, expect, it } from "vitest";
import * as one from "@/app/api/sessions/[id]/route";
import * as collection from "@/app/api/sessions/route";

describe("a method an API address does not take", () => {
  it.each([
    ["GET /api/sessions", collection.GET, "POST"],
    ["PUT /api/sessions", collection.PUT, "POST"],
    ["DELETE /api/sessions", collection.DELETE, "POST"],
    ["POST /api/sessions/<id>", one.POST, "GET, DELETE"],
    ["PATCH /api/sessions/<id>", one.PATCH, "GET, DELETE"],
  ])("%s answers 405 in JSON with Allow: %s", async (_what, handler, allow) => {
    const res = handler();
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: 405, error: `this address takes ${allow.replace(", ", " and ")} only` });
  });
});
