import type { Tx } from '@/lib/db/prisma';
import { getEnv } from '@/lib/config/env';
import { AppError } from '@/lib/errors/app-error';

/** Whether one name is the other, or sits above or below it (acme.example and eu.acme.example). */
function isRelated(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** The platform's own names: the host people reach Gatehouse on, and the domain its e-mails come from. */
function platformNames(): string[] {
  const env = getEnv();
  const from = /<([^>]+)>\s*$/.exec(env.EMAIL_FROM)?.[1] ?? env.EMAIL_FROM;
  return [new URL(env.GATEHOUSE_URL).hostname.toLowerCase(), from.slice(from.lastIndexOf('@') + 1).toLowerCase()];
}

/**
 * A mail domain or host name a brand may not take even though no brand holds it exactly: the
 * platform's own names and anything above or below them (a brand on the platform's host would
 * dress every visitor's sign-in and recovery pages in its look and support contact; one on its
 * e-mail domain would send as it), and anything above or below another brand's domain or host
 * name (eu.acme.example beside Acme's acme.example would capture Acme's future mailboxes; a
 * parent such as co.uk, everyone's). Refused as taken, without saying by whom. Inside the
 * transaction that adds the name, after the brand's row lock.
 */
export async function refuseNameNearOthers(tx: Tx, { brandId, name, kind }: { brandId: string; name: string; kind: 'domain' | 'host' }): Promise<void> {
  const taken = new AppError(kind === 'domain' ? 'BRAND_DOMAIN_TAKEN' : 'BRAND_HOST_TAKEN');
  if (platformNames().some((platform) => isRelated(name, platform))) throw taken;
  const near = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM (
      SELECT "domain" AS "name" FROM "BrandDomain" WHERE "brandId" <> ${brandId}::uuid
      UNION ALL
      SELECT "host" FROM "BrandHost" WHERE "brandId" <> ${brandId}::uuid
    ) AS other
    WHERE other."name" = ${name} OR ${name} LIKE '%.' || other."name" OR other."name" LIKE '%.' || ${name}
    LIMIT 1`;
  if (near.length > 0) throw taken;
}
