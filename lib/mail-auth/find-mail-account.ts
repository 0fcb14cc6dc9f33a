import { getPgPool } from '@/lib/db/pg-pool';
import { isTwoFactorOn, SECOND_FACTOR_KINDS, type SecondFactorMethod } from '@/lib/core/factor-kinds';
import { layerPolicy } from '@/lib/policy/get-effective-policy';
import { accountScope, brandScope, organisationScope, PLATFORM_SCOPE } from '@/lib/policy/policy-layer';
import { DEFAULT_POLICY, isFloorKey } from '@/lib/policy/policy-settings';

export type MailAccount = {
  id: string;
  email: string;
  brandId: string;
  passwordHash: string;
  isMfaEnabled: boolean;
  /** Whether every layer over the mailbox (platform, brand, organisation, account) allows app passwords, as of this read. */
  areAppPasswordsAllowed: boolean;
  /**
   * Whether any layer over the mailbox requires two-factor authentication: only then may its
   * enrolment period be over, which enrolmentRequirement decides (start date, period). Reading the
   * switch here spares the many mailboxes no requirement reaches that question.
   */
  mayRequireTwoFactor: boolean;
  /** When the mailbox's enrolment period ends (or ended), once one has started. */
  enrolmentDeadline: Date | null;
};

// The kinds' columns are prefixed: one of them is named "email", like the account's address.
type MailAccountRow = {
  id: string;
  email: string;
  brandId: string;
  passwordHash: string;
  platformAllowsAppPasswords: boolean | null;
  platformBrandsMayLoosen: string[] | null;
  brandAllowsAppPasswords: boolean | null;
  organisationAllowsAppPasswords: boolean | null;
  accountAllowsAppPasswords: boolean | null;
  platformRequiresTwoFactor: boolean | null;
  brandRequiresTwoFactor: boolean | null;
  organisationRequiresTwoFactor: boolean | null;
  accountRequiresTwoFactor: boolean | null;
  enrolmentDeadlineMs: number | null;
} & Partial<Record<`has_${SecondFactorMethod}`, boolean>>;

// Every mail login reads this, so like the password step's account read it is one prepared
// statement on the pg pool, and "two-factor is on" comes from the registry's SQL for each kind.
// It also reads the one policy setting a mail login needs, allowAppPasswords of the platform, the
// account's brand, its organisation (if any) and the account, rather than every layer through getEffectivePolicy (two more statements
// through Prisma, most of an app-password login's cost). Read with the account on every login, a
// brand turning app passwords off takes effect at the very next one; nothing is cached. The
// requireTwoFactor switches and the enrolment deadline (stored as UTC without a zone, so read as
// epoch milliseconds) only tell whether the requirement can matter; enrolmentRequirement decides.
const DECIDING_KINDS = SECOND_FACTOR_KINDS.filter((kind) => kind.turnsOnTwoFactor);
const FIND_MAIL_ACCOUNT = {
  name: 'find-mail-account',
  text: `
    SELECT u."id", u."email", u."brandId", u."passwordHash",
           platform."allowAppPasswords" AS "platformAllowsAppPasswords",
           platform."brandsMayLoosen" AS "platformBrandsMayLoosen",
           brand."allowAppPasswords" AS "brandAllowsAppPasswords",
           organisation."allowAppPasswords" AS "organisationAllowsAppPasswords",
           account."allowAppPasswords" AS "accountAllowsAppPasswords",
           platform."requireTwoFactor" AS "platformRequiresTwoFactor",
           brand."requireTwoFactor" AS "brandRequiresTwoFactor",
           organisation."requireTwoFactor" AS "organisationRequiresTwoFactor",
           account."requireTwoFactor" AS "accountRequiresTwoFactor",
           (extract(epoch FROM u."enrolmentDeadline") * 1000)::float8 AS "enrolmentDeadlineMs",
           ${DECIDING_KINDS.map((kind) => `${kind.enrolledSql} AS "has_${kind.method}"`).join(',\n           ')}
      FROM "User" u
      LEFT JOIN "ScopePolicy" platform ON platform."scope" = $2
      LEFT JOIN "ScopePolicy" brand ON brand."scope" = $3 || u."brandId"::text
      LEFT JOIN "OrganisationMember" member ON member."userId" = u."id"
      LEFT JOIN "ScopePolicy" organisation ON organisation."scope" = $4 || member."organisationId"::text
      LEFT JOIN "ScopePolicy" account ON account."scope" = $5 || u."id"::text
     WHERE u."email" = $1`,
};
// Each layer's scope is made by its function in lib/policy (brandScope(brandId), …): the prefixes
// are parameters so the names are made in one place.
const SCOPE_PREFIXES = [PLATFORM_SCOPE, brandScope(''), organisationScope(''), accountScope('')];

/** The mailbox a mail client names, with what deciding its login needs; null when there is none. */
export async function findMailAccount({ email }: { email: string }): Promise<MailAccount | null> {
  const { rows } = await getPgPool().query<MailAccountRow>({ ...FIND_MAIL_ACCOUNT, values: [email, ...SCOPE_PREFIXES] });
  const row = rows[0];
  if (!row) return null;
  const enrolled = new Set(DECIDING_KINDS.filter((kind) => row[`has_${kind.method}`] === true).map((kind) => kind.method));
  const { settings } = layerPolicy([
    // Whether the platform lets brands turn app passwords back on: layerPolicy holds the floor.
    { layer: { allowAppPasswords: row.platformAllowsAppPasswords, brandsMayLoosen: (row.platformBrandsMayLoosen ?? []).filter(isFloorKey) }, source: 'platform' },
    { layer: { allowAppPasswords: row.brandAllowsAppPasswords }, source: 'brand' },
    { layer: { allowAppPasswords: row.organisationAllowsAppPasswords }, source: 'organisation' },
    { layer: { allowAppPasswords: row.accountAllowsAppPasswords }, source: 'account' },
  ]);
  return {
    id: row.id,
    email: row.email,
    brandId: row.brandId,
    passwordHash: row.passwordHash,
    isMfaEnabled: isTwoFactorOn(enrolled),
    areAppPasswordsAllowed: settings.allowAppPasswords,
    mayRequireTwoFactor:
      DEFAULT_POLICY.requireTwoFactor ||
      [row.platformRequiresTwoFactor, row.brandRequiresTwoFactor, row.organisationRequiresTwoFactor, row.accountRequiresTwoFactor].includes(true),
    enrolmentDeadline: row.enrolmentDeadlineMs === null ? null : new Date(row.enrolmentDeadlineMs),
  };
}
