import { NextResponse, type NextRequest } from 'next/server';
import { isOversizedFormPost, UPLOAD_TOO_LARGE_PARAM, UPLOAD_TOO_LARGE_VALUE } from './lib/http/upload-limit';
import { BRAND_ASSET_PATH, BRAND_ASSET_POLICY, contentSecurityPolicy, createCspNonce, CSP_NONCE_HEADER } from './lib/http/content-security-policy';

// Every response gets a Content-Security-Policy with a fresh nonce. Next reads the nonce from the
// policy on the *request* and puts it on its own scripts while rendering, so the same policy goes
// on the request (for Next), in x-nonce (for getCspNonce) and on the response (for the browser).
// Both request headers are overwritten, so a client cannot choose the nonce its page is rendered with.
export function proxy(request: NextRequest) {
  const nonce = createCspNonce();
  const policy = contentSecurityPolicy({ nonce, isDevelopment: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(CSP_NONCE_HEADER, nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  // A form post Next would refuse with a bare error page (a logo far over its limit, posted
  // without JavaScript) goes back to its page, which shows the field's own message.
  if (isOversizedFormPost(request)) {
    const back = request.nextUrl.clone();
    back.search = `?${UPLOAD_TOO_LARGE_PARAM}=${UPLOAD_TOO_LARGE_VALUE}`;
    const redirect = NextResponse.redirect(back, 303);
    redirect.headers.set('Content-Security-Policy', policy);
    return redirect;
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  // A brand's logo or stylesheet is never a page: it gets the sandboxing policy instead (the
  // proxy's header replaces a route handler's, so it is decided here).
  response.headers.set('Content-Security-Policy', BRAND_ASSET_PATH.test(request.nextUrl.pathname) ? BRAND_ASSET_POLICY : policy);
  return response;
}

export const config = {
  // Build output (scripts, stylesheets, optimised images) is never a document, so no policy there.
  // Everything else, route handlers and prefetches included, carries one: it costs a header.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
