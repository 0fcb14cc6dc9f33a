import { getPgPool } from '@/lib/db/pg-pool';
import { isTwoFactorOn, SECOND_FACTOR_KINDS, type SecondFactorMethod } from '@/lib/mfa/second-factor-kinds';

export type MailAccount = { id: string; email: string; brandId: string; passwordHash: string; isMfaEnabled: boolean };

// The kinds' columns are prefixed: one of them is named "email", like the account's address.
type MailAccountRow = { id: string; email: string; brandId: string; passwordHash: string } & Partial<Record<`has_${SecondFactorMethod}`, boolean>>;

// Every mail login reads this, so like the password step's account read it is one prepared
// statement on the pg pool, and "two-factor is on" comes from the registry's SQL for each kind.
const DECIDING_KINDS = SECOND_FACTOR_KINDS.filter((kind) => kind.turnsOnTwoFactor);
const FIND_MAIL_ACCOUNT = {
  name: 'find-mail-account',
  text: `
    SELECT u."id", u."email", u."brandId", u."passwordHash",
           ${DECIDING_KINDS.map((kind) => `${kind.enrolledSql} AS "has_${kind.method}"`).join(',\n           ')}
      FROM "User" u
     WHERE u."email" = $1`,
};

/** The mailbox a mail client names, with what deciding its login needs; null when there is none. */
export async function findMailAccount({ email }: { email: string }): Promise<MailAccount | null> {
  const { rows } = await getPgPool().query<MailAccountRow>({ ...FIND_MAIL_ACCOUNT, values: [email] });
  const row = rows[0];
  if (!row) return null;
  const enrolled = new Set(DECIDING_KINDS.filter((kind) => row[`has_${kind.method}`] === true).map((kind) => kind.method));
  return { id: row.id, email: row.email, brandId: row.brandId, passwordHash: row.passwordHash, isMfaEnabled: isTwoFactorOn(enrolled) };
}
