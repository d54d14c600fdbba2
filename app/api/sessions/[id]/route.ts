import { deleteSession } from "@/server/api/delete-session";
import { getSession } from "@/server/api/get-session";
import { methodNotAllowed } from "@/server/api/respond";
import { appContext } from "@/server/web/app-context";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getSession(request, appContext(), (await params).id, "json");
}

export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return deleteSession(request, appContext(), (await params).id);
}

export const POST = methodNotAllowed(["GET", "DELETE"]);
export const PUT = POST;
export const PATCH = POST;
