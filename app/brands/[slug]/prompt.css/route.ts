import { readBrandStylesheet } from '@/lib/brands/read-brand-assets';
import { BRAND_ASSET_POLICY } from '@/lib/http/content-security-policy';

/**
 * A brand's prompt stylesheet (readBrandStylesheet). Served as a file of our own origin
 * (style-src 'self') rather than an inline <style nonce>: after a server action Next renders the
 * next page from another request, whose nonce the document's policy does not know, so an inline
 * style would be dropped.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const stylesheet = await readBrandStylesheet((await params).slug);
  if (stylesheet === null) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  return new Response(stylesheet, {
    status: 200,
    headers: {
      'Content-Type': 'text/css; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      // The pages ask for it with ?v=<last change>, so a new stylesheet has a new address.
      'Cache-Control': 'public, max-age=86400',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Content-Security-Policy': BRAND_ASSET_POLICY,
    },
  });
}
