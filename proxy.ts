import { type NextRequest, NextResponse } from "next/server";
import type { ApiErrorBody } from "@/server/api/respond";
import { ACCESS_COOKIE, ACCESS_QUERY, ACCESS_REFUSED, accessCookieValue, accessGranted, isShareRead } from "@/server/web/security-access";
import { NON_PAGE_CSP, newNonce, pageCsp } from "@/server/web/security-headers";

/**
 * Runs before every page and API route: a fresh CSP nonce per page (Next applies it to its own scripts
 * when it renders, so the root layout renders per request), and HELODESK_ACCESS_TOKEN when set.
 * The custom server validated the settings at start; this reads them from the environment it shares.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = process.env.HELODESK_ACCESS_TOKEN || undefined;
  const { pathname, searchParams } = request.nextUrl;
  const api = pathname.startsWith("/api/");

  if (token && !isShareRead(request.method, pathname)) {
    const offered = searchParams.get(ACCESS_QUERY);
    if (offered !== null && (await accessGranted(token, { authorization: `Bearer ${offered}` }))) {
      // The token leaves the URL at once: no history entry, Referer or copied link carries it.
      const clean = request.nextUrl.clone();
      clean.searchParams.delete(ACCESS_QUERY);
      const response = NextResponse.redirect(clean, 303);
      response.cookies.set(ACCESS_COOKIE, await accessCookieValue(token), {
        httpOnly: true,
        sameSite: "lax",
        secure: request.nextUrl.protocol === "https:",
        path: "/",
        maxAge: 30 * 86_400,
      });
      return response;
    }
    const granted = await accessGranted(token, { cookie: request.headers.get("cookie"), authorization: request.headers.get("authorization") });
    if (!granted) return refuse(api);
  }

  if (api) {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", NON_PAGE_CSP);
    return response;
  }
  const csp = pageCsp(newNonce(), { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce from the request's policy header while rendering.
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/** The login page: one field that submits ?token=…, which the flow above swaps for the cookie. */
const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>HeloDesk: access token needed</title></head>
<body><main><h1>This HeloDesk is private</h1><p>${ACCESS_REFUSED}</p>
<form method="get"><label>Access token <input name="${ACCESS_QUERY}" type="password" autocomplete="current-password" required></label>
<button type="submit">Open HeloDesk</button></form></main></body></html>
`;

function refuse(api: boolean): NextResponse {
  const headers = { "Cache-Control": "no-store", "WWW-Authenticate": 'Bearer realm="HeloDesk"', "Content-Security-Policy": `${NON_PAGE_CSP}; form-action 'self'` };
  // The shape of every API error (server/api/respond.ts), so a client reads this one the same way.
  const body: ApiErrorBody = { status: 401, error: ACCESS_REFUSED };
  if (api) return NextResponse.json(body, { status: 401, headers });
  return new NextResponse(LOGIN_PAGE, { status: 401, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}

export const config = {
  // Static assets need neither a nonce nor the token: they are the same public build for everyone.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
