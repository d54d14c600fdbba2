import { createSession } from "@/server/api/create-session";
import { appContext } from "@/server/web/app-context";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return createSession(request, appContext());
}
