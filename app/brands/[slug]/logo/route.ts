import { ZBrandSlugSchema } from '@/lib/brands/brand-schema';
import { prisma } from '@/lib/db/prisma';
import { BRAND_ASSET_POLICY } from '@/lib/http/content-security-policy';

// Only what checkBrandLogo stores; anything else in the column is not served.
const SERVED_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/svg+xml']);

/** A brand's logo, from Gatehouse's own origin, so pages need no third-party image source. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const parsed = ZBrandSlugSchema.safeParse((await params).slug);
  const brand = parsed.success
    ? await prisma.brand.findUnique({ where: { slug: parsed.data }, select: { logo: true, logoType: true } })
    : null;
  if (!brand?.logo || !brand.logoType || !SERVED_TYPES.has(brand.logoType)) {
    return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  }
  const headers = new Headers({
    'Content-Type': brand.logoType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': 'inline; filename="logo"',
    // The pages ask for it with ?v=<last change>, so a new logo has a new address.
    'Cache-Control': 'public, max-age=86400',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Set by proxy.ts too; here as well so the logo stays sandboxed if served some other way.
    'Content-Security-Policy': BRAND_ASSET_POLICY,
  });
  return new Response(Buffer.from(brand.logo), { status: 200, headers });
}
