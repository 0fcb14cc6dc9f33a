import { brandStylesheet } from '@/lib/brands/brand-stylesheet';
import { ZBrandSlugSchema } from '@/lib/brands/brand-schema';
import { sanitizeBrandCss } from '@/lib/brands/sanitize-brand-css';
import { prisma } from '@/lib/db/prisma';
import { BRAND_ASSET_POLICY } from '@/lib/http/content-security-policy';

/**
 * A brand's prompt stylesheet: its primary colour and the CSS as sanitizeBrandCss rebuilt it,
 * never as written. Served as a file of our own origin (style-src 'self') rather than an inline
 * <style nonce>: after a server action Next renders the next page from another request, whose
 * nonce the document's policy does not know, so an inline style would be dropped.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const parsed = ZBrandSlugSchema.safeParse((await params).slug);
  const brand = parsed.success ? await prisma.brand.findUnique({ where: { slug: parsed.data }, select: { primaryColor: true, servedCss: true } }) : null;
  if (!brand) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  return new Response(brandStylesheet({ primaryColor: brand.primaryColor, servedCss: resanitized(brand.servedCss, brand.primaryColor) }), {
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

// The stored CSS went through the sanitiser of the day it was saved; it passes today's again, so a
// rule that a later release learnt to drop (text hidden by colour, say) stops being served at once.
// What cannot be read again is left out whole.
function resanitized(servedCss: string | null, primaryColor: string | null): string | null {
  if (!servedCss) return null;
  try {
    return sanitizeBrandCss({ css: servedCss, primaryColor }).css;
  } catch {
    return null;
  }
}
