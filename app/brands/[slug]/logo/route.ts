import { readBrandLogo } from '@/lib/brands/read-brand-assets';
import { BRAND_ASSET_POLICY } from '@/lib/http/content-security-policy';

/** A brand's logo, from Gatehouse's own origin, so pages need no third-party image source. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const logo = await readBrandLogo((await params).slug);
  if (!logo) {
    return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  }
  const headers = new Headers({
    'Content-Type': logo.type,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': 'inline; filename="logo"',
    // The pages ask for it with ?v=<last change>, so a new logo has a new address.
    'Cache-Control': 'public, max-age=86400',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Set by proxy.ts too; here as well so the logo stays sandboxed if served some other way.
    'Content-Security-Policy': BRAND_ASSET_POLICY,
  });
  return new Response(Buffer.from(logo.bytes), { status: 200, headers });
}
