import { z } from "zod";
import { SessionEvent } from "@/lib/schemas/events";
import { SessionRequest } from "@/lib/schemas/request";
import { SessionDocument } from "@/lib/schemas/session";

/** JSON Schema 2020-12 from a zod schema: OpenAPI 3.1's own dialect, so it goes in as it is. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

const ErrorBody = z.object({
  status: z.number().int().describe("The HTTP status again"),
  error: z.string().describe("One sentence: what is wrong and what to fix"),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe("One entry per field to fix: invalid (400), or refused by a cap or the target policy (403)"),
  retryAfterSec: z.number().int().optional().describe("Seconds to wait before trying again (429, 503)"),
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
const idParam = { name: "id", in: "path", required: true, description: "The session id from its share link (/t/<id>): 22 URL-safe characters", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{22,64}$" } };
const download = { name: "download", in: "query", required: false, description: "Present: answer with Content-Disposition: attachment", schema: { type: "string" } };
const gone = { "404": error("No session with this id"), "410": error("The session expired or was deleted") };
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: "string" } } } });

/**
 * SessionRequest as POST takes it: the interactive profile needs someone typing (the console page or
 * socket.io), so POST refuses it and the document does not offer it.
 */
function restRequestSchema(): Record<string, unknown> {
  const schema = jsonSchema(SessionRequest, "input") as { properties: { profile: { enum: string[] } } };
  const profile = schema.properties.profile;
  profile.enum = profile.enum.filter((p) => p !== "interactive");
  return schema;
}

/** The OpenAPI 3.1 document for the REST API; schemas come from the same zod schemas the server validates with. */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "HeloDesk API",
      version: "1.0.0",
      description: "Run an SMTP test and get every reply explained; read, export and delete stored sessions. A session id is a bearer token: whoever has it can read the session (redacted as its creator chose).",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths: {
      "/api/sessions": {
        post: {
          summary: "Run a session to completion",
          description: "Same body as the socket.io session:start. Answers 201 with the document, its share URL and a delete token (shown once). With ?stream=ndjson or Accept: application/x-ndjson, answers with NDJSON lines as the session runs: {kind:\"started\"}, {kind:\"event\"} per event, {kind:\"document\"}.",
          parameters: [{ name: "stream", in: "query", required: false, schema: { type: "string", enum: ["ndjson"] } }],
          requestBody: { required: true, content: { "application/json": { schema: ref("SessionRequest") } } },
          responses: {
            "201": {
              description: "The session ran; its document, share URL and delete token",
              content: {
                "application/json": { schema: ref("CreatedSession") },
                "application/x-ndjson": { schema: { type: "string", description: "One JSON object per line" } },
              },
            },
            "400": error("The body is not valid: `issues` lists each field and what to fix"),
            "401": error("HELODESK_ACCESS_TOKEN is set and the request carries no valid token (Authorization: Bearer, or the access cookie)"),
            "403": error("A cap of this deployment refuses what the request asks: more recipients than HELODESK_MAX_RECIPIENTS, sending a message where HELODESK_PUBLIC allows none, or a port, or a target or MX host given as an IP address, that the target policy refuses (`issues` names the field). A name whose addresses the policy refuses is known only after DNS, so it still answers 201: the document's closeReason is refused and its checks say which rule."),
            "413": error("The body is too large"),
            "415": error("The body is not JSON"),
            "429": {
              description: "Too many sessions, from this client or to this target's address or network: wait Retry-After seconds. A limit per address or network is known only after DNS, so that session was started: the body then also carries its id, shareUrl, deleteToken and document",
              content: { "application/json": { schema: { oneOf: [ref("Error"), { allOf: [ref("Error"), ref("CreatedSession")] }] } } },
            },
            "503": error("The server is busy: wait Retry-After seconds"),
          },
        },
      },
      "/api/sessions/{id}": {
        get: { summary: "The session document (redacted as its creator chose)", parameters: [idParam, download], responses: { "200": { description: "The session document", content: { "application/json": { schema: ref("SessionDocument") } } }, ...gone } },
        delete: {
          summary: "Delete a session with its delete token",
          parameters: [idParam],
          security: [{ deleteTokenHeader: [] }, { deleteToken: [] }],
          responses: { "204": { description: "Deleted: the link now answers 410" }, "401": error("No delete token was sent"), "403": error("The delete token does not match"), ...gone },
        },
      },
      "/api/sessions/{id}/transcript.txt": { get: { summary: "The transcript as a telnet log reads", parameters: [idParam, download], responses: { "200": text("text/plain", "Plain text transcript"), ...gone } } },
      "/api/sessions/{id}/transcript.md": { get: { summary: "A Markdown escalation note with the annotated transcript", parameters: [idParam, download], responses: { "200": text("text/markdown", "Markdown note"), ...gone } } },
      "/api/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } } },
    },
    components: {
      securitySchemes: {
        deleteTokenHeader: { type: "apiKey", in: "header", name: "X-Delete-Token", description: "The deleteToken returned once by POST /api/sessions (use this when the deployment needs Authorization for its access token)" },
        deleteToken: { type: "http", scheme: "bearer", description: "The deleteToken returned once by POST /api/sessions" },
      },
      schemas: {
        SessionRequest: restRequestSchema(),
        SessionDocument: jsonSchema(SessionDocument, "output"),
        SessionEvent: jsonSchema(SessionEvent, "output"),
        CreatedSession: {
          type: "object",
          required: ["id", "shareUrl", "deleteToken", "document"],
          properties: {
            id: { type: "string" },
            shareUrl: { type: "string", format: "uri", description: "The share page, /t/<id>" },
            deleteToken: { type: "string", description: "Shown once: DELETE /api/sessions/<id> needs it" },
            document: ref("SessionDocument"),
          },
        },
        Error: jsonSchema(ErrorBody, "output"),
      },
    },
  };
}
