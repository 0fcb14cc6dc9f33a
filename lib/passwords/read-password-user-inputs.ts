import { brandIdForEmail } from '@/lib/brands/default-brand';
import { prisma } from '@/lib/db/prisma';
import { loadPasswordEstimator, passwordUserInputs } from './password-strength';

const BRAND_SELECT = { name: true, slug: true, domains: { select: { domain: true } } } as const;

/**
 * The account's own words for judging its new password (passwordUserInputs): its address, the name
 * of its family or business account if it is in one (the only name Gatehouse holds), and its
 * brand's name and domains. Given `email` alone (an account being created), the brand is the one
 * owning its domain. The security page reads the same list for the form's live hints.
 */
export async function readPasswordUserInputs(who: { userId: string } | { email: string }): Promise<string[]> {
  // Whoever reads these is about to judge a password or show a field for one: the estimator starts
  // loading now (once per process), so the post that follows a page's first view does not wait ~1 s
  // for the dictionaries. A failed load is retried by the judgement itself.
  loadPasswordEstimator().catch(() => {});
  if ('email' in who) {
    const email = who.email.trim().toLowerCase();
    const brandId = await brandIdForEmail(prisma, email);
    const brand = await prisma.brand.findUniqueOrThrow({ where: { id: brandId }, select: BRAND_SELECT });
    return passwordUserInputs({ email, brand: { ...brand, domains: brand.domains.map(({ domain }) => domain) } });
  }
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: who.userId },
    select: { email: true, brand: { select: BRAND_SELECT }, organisationMembership: { select: { organisation: { select: { name: true } } } } },
  });
  return passwordUserInputs({
    email: user.email,
    names: [user.organisationMembership?.organisation.name],
    brand: { ...user.brand, domains: user.brand.domains.map(({ domain }) => domain) },
  });
}
