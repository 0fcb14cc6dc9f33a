import { getPgPool } from '@/lib/db/pg-pool';
import { isMfaEnabled, type MfaState } from '@/lib/mfa/is-mfa-enabled';

export type SignInAccount = { id: string; passwordHash: string; isMfaEnabled: boolean };

type SignInAccountRow = {
  id: string;
  passwordHash: string;
  totpConfirmedAt: Date | null;
  alternateEmailId: string | null;
  phoneCount: number;
};

// The password step runs this on every sign-in, next to an argon2id verify that owns the CPU.
// Through Prisma the same read costs several times the main-thread time and garbage (see
// `npm run bench`), so it is one prepared statement on the pg pool. It reads the same facts as
// MFA_STATE_SELECT and leaves the decision to isMfaEnabled, so "MFA is on" has one definition.
const FIND_SIGN_IN_ACCOUNT = {
  name: 'find-sign-in-account',
  text: `
    SELECT u."id", u."passwordHash",
           t."confirmedAt" AS "totpConfirmedAt",
           a."id" AS "alternateEmailId",
           (SELECT count(*)::int FROM "Phone" p WHERE p."userId" = u."id") AS "phoneCount"
      FROM "User" u
      LEFT JOIN "TotpCredential" t ON t."userId" = u."id"
      LEFT JOIN "AlternateEmail" a ON a."userId" = u."id"
     WHERE u."email" = $1`,
};

/** The account an address signs in to, with what the password step needs; null when there is none. */
export async function findSignInAccount({ email }: { email: string }): Promise<SignInAccount | null> {
  const { rows } = await getPgPool().query<SignInAccountRow>({ ...FIND_SIGN_IN_ACCOUNT, values: [email] });
  const row = rows[0];
  if (!row) return null;
  const state: MfaState = {
    totp: row.totpConfirmedAt === null ? null : { confirmedAt: row.totpConfirmedAt },
    alternateEmail: row.alternateEmailId === null ? null : { id: row.alternateEmailId },
    _count: { phones: row.phoneCount },
  };
  return { id: row.id, passwordHash: row.passwordHash, isMfaEnabled: isMfaEnabled(state) };
}
