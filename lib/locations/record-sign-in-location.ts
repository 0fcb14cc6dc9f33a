import type { Tx } from '@/lib/db/prisma';
import type { LocationKind } from '@/lib/db/generated/enums';
import { addressKey } from '@/lib/geo/address-key';
import { countryOfIp } from '@/lib/geo/country-of-ip';

/** At most this many addresses and this many countries are kept per mailbox. */
export const MAX_LOCATIONS_PER_KIND = 20;

/**
 * Called by createSession, so every way a session is born records where it came from. The
 * address and the country become remembered (able to spare a later challenge) only when this
 * sign-in passed a second factor; a password-only sign-in refreshes what is already remembered
 * and notes its country without remembering it. Returns the country when the mailbox had never
 * signed in from it before: the caller sends the "new country" notice.
 */
export async function recordSignInLocation(
  tx: Tx,
  { userId, ip, secondFactorPassed, at }: { userId: string; ip: string; secondFactorPassed: boolean; at: Date },
): Promise<{ newCountry: string | null }> {
  const address = addressKey(ip);
  const country = countryOfIp(ip);
  if (address) {
    if (secondFactorPassed) await upsertLocation(tx, { userId, kind: 'IP', value: address, at, secondFactorPassed });
    else await tx.rememberedLocation.updateMany({ where: { userId, kind: 'IP', value: address }, data: { lastUsedAt: at } });
  }
  let newCountry: string | null = null;
  if (country) {
    const inserted = await upsertLocation(tx, { userId, kind: 'COUNTRY', value: country, at, secondFactorPassed });
    if (inserted) newCountry = country;
  }
  await evictLeastRecentlyUsed(tx, userId);
  return { newCountry };
}

/**
 * One statement, so two sign-ins from a new country at once insert the row once and only one of
 * them is told it is new (xmax is 0 only for the row version an INSERT wrote).
 */
async function upsertLocation(
  tx: Tx,
  { userId, kind, value, at, secondFactorPassed }: { userId: string; kind: LocationKind; value: string; at: Date; secondFactorPassed: boolean },
): Promise<boolean> {
  // Instants travel as ISO text and become UTC in SQL: the columns are UTC timestamps without a
  // zone, and a driver's own conversion would use the server's local time.
  const atUtc = at.toISOString();
  const verifiedAtUtc = secondFactorPassed ? atUtc : null;
  const rows = await tx.$queryRaw<Array<{ inserted: boolean }>>`
    INSERT INTO "RememberedLocation" ("id", "userId", "kind", "value", "secondFactorAt", "lastUsedAt", "createdAt")
    VALUES (gen_random_uuid(), ${userId}::uuid, ${kind}::"LocationKind", ${value},
            ${verifiedAtUtc}::timestamptz AT TIME ZONE 'UTC', ${atUtc}::timestamptz AT TIME ZONE 'UTC', ${atUtc}::timestamptz AT TIME ZONE 'UTC')
    ON CONFLICT ("userId", "kind", "value") DO UPDATE
      SET "lastUsedAt" = EXCLUDED."lastUsedAt",
          "secondFactorAt" = COALESCE(EXCLUDED."secondFactorAt", "RememberedLocation"."secondFactorAt")
    RETURNING (xmax = 0) AS "inserted"`;
  return rows[0]?.inserted === true;
}

async function evictLeastRecentlyUsed(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM "RememberedLocation"
     WHERE "id" IN (
       SELECT "id" FROM (
         SELECT "id", row_number() OVER (PARTITION BY "kind" ORDER BY "lastUsedAt" DESC, "createdAt" DESC) AS "rank"
           FROM "RememberedLocation" WHERE "userId" = ${userId}::uuid
       ) ranked
      WHERE ranked."rank" > ${MAX_LOCATIONS_PER_KIND})`;
}
