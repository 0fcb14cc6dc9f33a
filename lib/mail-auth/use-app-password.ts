import type { MailProtocol } from '@/lib/db/generated/enums';
import { getPgPool } from '@/lib/db/pg-pool';
import { hashAppPassword } from '@/lib/app-passwords/app-password-secret';

// Every mail login runs one of these, so they are prepared statements on the pg pool, each one
// lookup on the keyed hash's unique index. An accepted login finds and stamps its app password in
// one statement; the stamp is soft state (that pool commits asynchronously): a crash may lose the
// last half second of "last used", never an app password.
const STAMP_APP_PASSWORD_USE = {
  name: 'stamp-app-password-use',
  text: `
    UPDATE "AppPassword" SET "lastUsedAt" = now(), "lastUsedIp" = $3, "lastUsedProtocol" = $4::"MailProtocol"
     WHERE "secretHash" = $1 AND "userId" = $2::uuid
    RETURNING "id"`,
};
const FIND_APP_PASSWORD = {
  name: 'find-app-password',
  text: `SELECT "id" FROM "AppPassword" WHERE "secretHash" = $1 AND "userId" = $2::uuid`,
};

/**
 * When `letters` (as normalizeAppPassword gave them) are an app password of the mailbox, records
 * that it opened the mailbox now, from `ip` over `protocol`, and returns its id; otherwise null.
 */
export async function stampAppPasswordUse({
  userId,
  letters,
  ip,
  protocol,
}: {
  userId: string;
  letters: string;
  ip: string;
  protocol: MailProtocol;
}): Promise<string | null> {
  const { rows } = await getPgPool().query<{ id: string }>({
    ...STAMP_APP_PASSWORD_USE,
    values: [hashAppPassword({ userId, password: letters }), userId, ip, protocol],
  });
  return rows[0]?.id ?? null;
}

/** The id of the mailbox's app password `letters` is, or null, without stamping a use. */
export async function findAppPassword({ userId, letters }: { userId: string; letters: string }): Promise<string | null> {
  const { rows } = await getPgPool().query<{ id: string }>({ ...FIND_APP_PASSWORD, values: [hashAppPassword({ userId, password: letters }), userId] });
  return rows[0]?.id ?? null;
}
