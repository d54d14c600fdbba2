import { createSession } from "@/server/api/create-session";
import { methodNotAllowed } from "@/server/api/respond";
import { appContext } from "@/server/web/app-context";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return createSession(request, appContext());
}

// Not a list of sessions: each is read by its id (a bearer token). Said in JSON, as every API error is.
export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
