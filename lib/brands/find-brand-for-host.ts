import { prisma } from '@/lib/db/prisma';
import { BRAND_LOOK_SELECT, toBrandLook, type BrandLook } from './read-brand-look';

/**
 * The brand whose host name the visitor used (account.acme.example), for the look of the pages
 * shown before anyone is known: the sign-in page. Only the look: policy always comes from the
 * account's brand, and after the password step the account's brand decides the look too.
 * `host` is a Host header value: the port and a trailing dot are ignored, case does not matter.
 */
export async function findBrandForHost({ host }: { host: string | null }): Promise<BrandLook | null> {
  const name = hostNameOf(host);
  if (!name) return null;
  const row = await prisma.brandHost.findUnique({ where: { host: name }, select: { brand: { select: BRAND_LOOK_SELECT } } });
  return row ? toBrandLook(row.brand) : null;
}

export function hostNameOf(host: string | null): string | null {
  if (!host) return null;
  const trimmed = host.trim().toLowerCase();
  // An IPv6 literal ([::1]:3000) is never a brand's host name.
  if (trimmed.startsWith('[')) return null;
  const name = trimmed.replace(/:\d+$/, '').replace(/\.$/, '');
  return /^[a-z0-9.-]{1,253}$/.test(name) ? name : null;
}
