import { ZBrandSlugSchema } from '@/lib/brands/brand-schema';
import { brandStylesheet } from '@/lib/brands/brand-stylesheet';
import { sanitizeBrandCss } from '@/lib/brands/sanitize-brand-css';
import { prisma } from '@/lib/db/prisma';

// What a brand's public files serve (/brands/<slug>/logo and /brands/<slug>/prompt.css): anyone
// may fetch them, before any sign-in, so they carry nothing but the look.

// Only what checkBrandLogo stores; anything else in the column is not served.
const SERVED_LOGO_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/svg+xml']);

/** The brand's logo and its type, or null when the slug names no brand or the brand has none. */
export async function readBrandLogo(slug: string): Promise<{ bytes: Uint8Array; type: string } | null> {
  const parsed = ZBrandSlugSchema.safeParse(slug);
  if (!parsed.success) return null;
  const brand = await prisma.brand.findUnique({ where: { slug: parsed.data }, select: { logo: true, logoType: true } });
  if (!brand?.logo || !brand.logoType || !SERVED_LOGO_TYPES.has(brand.logoType)) return null;
  return { bytes: brand.logo, type: brand.logoType };
}

/**
 * The brand's prompt stylesheet: its primary colour and its CSS as sanitizeBrandCss rebuilt it,
 * never as written; null when the slug names no brand.
 */
export async function readBrandStylesheet(slug: string): Promise<string | null> {
  const parsed = ZBrandSlugSchema.safeParse(slug);
  if (!parsed.success) return null;
  const brand = await prisma.brand.findUnique({ where: { slug: parsed.data }, select: { primaryColor: true, servedCss: true } });
  if (!brand) return null;
  return brandStylesheet({ primaryColor: brand.primaryColor, servedCss: resanitized(brand.servedCss, brand.primaryColor) });
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
