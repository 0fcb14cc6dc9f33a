/** What the sign-in page, the token prompt and the enrolment wizard show of a brand. */
export type BrandLook = {
  slug: string;
  name: string;
  primaryColor: string | null;
  /** Served by Gatehouse itself (app/brands/[slug]/logo), versioned so a new logo is not cached as the old. */
  logoUrl: string | null;
  /** Only ever the sanitiser's output, never what the reseller wrote. */
  servedCss: string | null;
  /** The colour and servedCss as a stylesheet of our own origin (app/brands/[slug]/prompt.css), versioned like the logo. */
  stylesheetUrl: string | null;
  /** Where the brand's users get help (the token prompt's "Can't use any of these?"). */
  supportContact: string | null;
};

export const BRAND_LOOK_SELECT = { slug: true, name: true, primaryColor: true, logoType: true, servedCss: true, supportContact: true, updatedAt: true } as const;

type BrandLookRow = { slug: string; name: string; primaryColor: string | null; logoType: string | null; servedCss: string | null; supportContact: string | null; updatedAt: Date };

export function toBrandLook(row: BrandLookRow): BrandLook {
  const primaryColor = row.primaryColor && /^#[0-9a-f]{6}$/i.test(row.primaryColor) ? row.primaryColor : null;
  return {
    slug: row.slug,
    name: row.name,
    // Checked again on the way out: the colour is written into a stylesheet.
    primaryColor,
    logoUrl: row.logoType ? `/brands/${row.slug}/logo?v=${row.updatedAt.getTime()}` : null,
    servedCss: row.servedCss,
    stylesheetUrl: primaryColor || row.servedCss ? `/brands/${row.slug}/prompt.css?v=${row.updatedAt.getTime()}` : null,
    supportContact: row.supportContact,
  };
}
