import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { getPgPool } from '@/lib/db/pg-pool';
import { isTwoFactorOn, SECOND_FACTOR_KINDS, type SecondFactorMethod } from '@/lib/core/factor-kinds';

export type SignInAccount = {
  id: string;
  passwordHash: string;
  isMfaEnabled: boolean;
  challengePolicy: ChallengePolicy;
  isStaff: boolean;
  /** Whether a wrong account password should be tried as an SMS password or one-time password. */
  hasAlternativeLogins: boolean;
};

type SignInAccountRow = { id: string; passwordHash: string; challengePolicy: ChallengePolicy; isStaff: boolean; hasAlternativeLogins: boolean } & Partial<
  Record<SecondFactorMethod, boolean>
>;

// The password step runs this on every sign-in, next to an argon2id verify that owns the CPU.
// Through Prisma the same read costs several times the main-thread time and garbage (see
// `npm run bench`), so it is one prepared statement on the pg pool. Each kind of second factor
// says in the registry how SQL tells that an account holds it, and isTwoFactorOn decides, so
// "MFA is on" keeps one definition and a new kind needs no change here.
const DECIDING_KINDS = SECOND_FACTOR_KINDS.filter((kind) => kind.turnsOnTwoFactor);
const FIND_SIGN_IN_ACCOUNT = {
  name: 'find-sign-in-account',
  text: `
    SELECT u."id", u."passwordHash", u."challengePolicy",
           EXISTS (SELECT 1 FROM "RoleGrant" r WHERE r."userId" = u."id") AS "isStaff",
           EXISTS (SELECT 1 FROM "AlternativeLogin" a WHERE a."userId" = u."id") AS "hasAlternativeLogins",
           ${DECIDING_KINDS.map((kind) => `${kind.enrolledSql} AS "${kind.method}"`).join(',\n           ')}
      FROM "User" u
     WHERE u."email" = $1`,
};

/** The account an address signs in to, with what the password step needs; null when there is none. */
export async function findSignInAccount({ email }: { email: string }): Promise<SignInAccount | null> {
  const { rows } = await getPgPool().query<SignInAccountRow>({ ...FIND_SIGN_IN_ACCOUNT, values: [email] });
  const row = rows[0];
  if (!row) return null;
  const enrolled = new Set(DECIDING_KINDS.filter((kind) => row[kind.method] === true).map((kind) => kind.method));
  return {
    id: row.id,
    passwordHash: row.passwordHash,
    isMfaEnabled: isTwoFactorOn(enrolled),
    challengePolicy: row.challengePolicy,
    isStaff: row.isStaff,
    hasAlternativeLogins: row.hasAlternativeLogins,
  };
}
