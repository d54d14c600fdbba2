import { getSession } from "@/server/api/get-session";
import { appContext } from "@/server/web/app-context";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return getSession(request, appContext(), (await params).id, "txt");
}
