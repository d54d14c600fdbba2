import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SessionRequest } from "@/lib/schemas/request";
import { SessionDocument } from "@/lib/schemas/session";
import { openApiDocument } from "./openapi";

/** Every route handler under app/api, as the OpenAPI path it serves ("[id]" → "{id}"). */
function routePaths(dir = "app/api"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routePaths(path);
    if (name !== "route.ts") return [];
    return [`/${relative("app", dir).replace(/\[(\w+)\]/g, "{$1}")}`];
  });
}

describe("OpenAPI document", () => {
  const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

  it("is OpenAPI 3.1 and lists every route the app serves", () => {
    expect(doc.openapi).toBe("3.1.0");
    const routes = routePaths();
    expect(routes.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(doc.paths).sort()).toEqual(routes.sort());
    expect(Object.keys(doc.paths["/api/sessions/{id}"]!).sort()).toEqual(["delete", "get"]);
  });

  it("describes the request body with SessionRequest's own JSON schema", () => {
    const { $schema: _, ...expected } = z.toJSONSchema(SessionRequest, { io: "input", unrepresentable: "any" }) as unknown as { $schema: unknown; properties: { profile: { enum: string[] } } };
    // All of it, except the profile POST refuses: the console needs someone typing.
    expected.properties.profile.enum = expected.properties.profile.enum.filter((p) => p !== "interactive");
    expect(doc.components.schemas.SessionRequest).toEqual(expected);
    expect(expected.properties.profile.enum).toEqual(["banner", "ehlo", "starttls", "auth", "relay", "send"]);
    const props = (doc.components.schemas.SessionRequest as { properties: Record<string, unknown>; required: string[] });
    expect(Object.keys(props.properties)).toEqual(expect.arrayContaining(["target", "port", "profile", "share", "auth"]));
    expect(props.required).toEqual(["target"]);
  });

  it("describes the document with SessionDocument's JSON schema", () => {
    const { $schema: _, ...expected } = z.toJSONSchema(SessionDocument, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
    expect(doc.components.schemas.SessionDocument).toEqual(expected);
  });

  it("resolves every $ref it uses", () => {
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/(\w+)"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.split("/").at(-1)!.replace('"', ""));
  });
});
