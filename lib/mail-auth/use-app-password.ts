import type { MailProtocol } from '@/lib/db/generated/enums';
import { getPgPool } from '@/lib/db/pg-pool';
import { hashAppPassword } from '@/lib/app-passwords/app-password-secret';

// Every mail login runs these, so they are prepared statements on the pg pool: one lookup on the
// keyed hash's unique index, and the stamp of a use. The stamp is soft state (that pool commits
// asynchronously): a crash may lose the last half second of "last used", never an app password.
const FIND_APP_PASSWORD = {
  name: 'find-app-password',
  text: `SELECT "id" FROM "AppPassword" WHERE "secretHash" = $1 AND "userId" = $2::uuid`,
};
const STAMP_APP_PASSWORD_USE = {
  name: 'stamp-app-password-use',
  text: `UPDATE "AppPassword" SET "lastUsedAt" = now(), "lastUsedIp" = $2, "lastUsedProtocol" = $3::"MailProtocol" WHERE "id" = $1::uuid`,
};

/** The id of the mailbox's app password `letters` is (as normalizeAppPassword gave it), or null. */
export async function findAppPassword({ userId, letters }: { userId: string; letters: string }): Promise<string | null> {
  const { rows } = await getPgPool().query<{ id: string }>({ ...FIND_APP_PASSWORD, values: [hashAppPassword({ userId, password: letters }), userId] });
  return rows[0]?.id ?? null;
}

/** Records that an app password opened its mailbox now, from `ip` over `protocol`. */
export async function stampAppPasswordUse({ id, ip, protocol }: { id: string; ip: string; protocol: MailProtocol }): Promise<void> {
  await getPgPool().query({ ...STAMP_APP_PASSWORD_USE, values: [id, ip, protocol] });
}
