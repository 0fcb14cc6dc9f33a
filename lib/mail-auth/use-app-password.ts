import type { MailProtocol } from '@/lib/db/generated/enums';
import { getPgPool } from '@/lib/db/pg-pool';
import { hashAppPassword } from '@/lib/app-passwords/app-password-secret';

// One statement finds the app password by its keyed hash (a unique index) and stamps its use.
// The stamp is soft state (the pg pool commits asynchronously): a crash may lose the last half
// second of "last used", never an app password.
const USE_APP_PASSWORD = {
  name: 'use-app-password',
  text: `
    UPDATE "AppPassword"
       SET "lastUsedAt" = now(), "lastUsedIp" = $3, "lastUsedProtocol" = $4::"MailProtocol"
     WHERE "secretHash" = $1 AND "userId" = $2::uuid
 RETURNING "id"`,
};
const FIND_APP_PASSWORD = {
  name: 'find-app-password',
  text: `SELECT "id" FROM "AppPassword" WHERE "secretHash" = $1 AND "userId" = $2::uuid`,
};

/**
 * Whether `letters` (an app password as normalizeAppPassword gave it) is one of the mailbox's app
 * passwords. With `stamp`, a match is recorded as used now, from that address over that protocol;
 * without, nothing changes (a login the brand's setting refuses is not a use).
 */
export async function matchAppPassword({
  userId,
  letters,
  stamp,
}: {
  userId: string;
  letters: string;
  stamp: { ip: string; protocol: MailProtocol } | null;
}): Promise<boolean> {
  const secretHash = hashAppPassword({ userId, password: letters });
  const { rowCount } = stamp
    ? await getPgPool().query({ ...USE_APP_PASSWORD, values: [secretHash, userId, stamp.ip, stamp.protocol] })
    : await getPgPool().query({ ...FIND_APP_PASSWORD, values: [secretHash, userId] });
  return (rowCount ?? 0) > 0;
}
