import type { Actor } from '@/lib/core/actor';
import { authorize, refusalOf } from '@/lib/core/authorize';
import { toCsv } from '@/lib/core/csv';
import { SECOND_FACTOR_KINDS, secondFactorKind } from '@/lib/core/factor-kinds';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { MAX_SEARCH_LENGTH } from '@/lib/support/find-mailboxes';

export const MAILBOXES_PER_PAGE = 50;

/**
 * The states the list filters by, each a condition on the account row `u` taken from the factor
 * kinds' own SQL, so "uses two-factor authentication" here is the registry's one definition
 * (`isTwoFactorOn`): a kind that turns it on is held. A phone serves texts and calls and counts once.
 */
const HELD_SQL = {
  app: secondFactorKind('totp').enrolledSql,
  phone: secondFactorKind('sms').enrolledSql,
  email: secondFactorKind('email').enrolledSql,
} as const;
const ON_SQL = `(${[...new Set(SECOND_FACTOR_KINDS.filter((kind) => kind.turnsOnTwoFactor).map((kind) => kind.enrolledSql))].join(' OR ')})`;
const STATE_SQL = { all: 'TRUE', on: ON_SQL, off: `NOT ${ON_SQL}`, app: HELD_SQL.app, phone: HELD_SQL.phone, email: HELD_SQL.email } as const;

export type MailboxState = keyof typeof STATE_SQL;
/** The filter's choices, in the order the page offers them. */
export const MAILBOX_STATES: ReadonlyArray<{ state: MailboxState; label: string }> = [
  { state: 'all', label: 'All mailboxes' },
  { state: 'off', label: 'No two-factor' },
  { state: 'on', label: 'Two-factor on' },
  { state: 'app', label: 'Authenticator app' },
  { state: 'phone', label: 'Phone' },
  { state: 'email', label: 'E-mail' },
];

export function isMailboxState(value: string): value is MailboxState {
  return Object.hasOwn(STATE_SQL, value);
}

/** How many of the brand's mailboxes are in each state, over the whole brand (not the search). */
export type MailboxCounts = { total: number; on: number; off: number; app: number; phone: number; email: number };

export type BrandMailbox = {
  id: string;
  email: string;
  twoFactorOn: boolean;
  app: boolean;
  phone: boolean;
  email2: boolean;
  backupCodesLeft: number;
  enrolmentDeadline: Date | null;
  lastSignInAt: Date | null;
  /** Whether the actor may open its support page (a brand's staff never open a staff account). */
  mayOpen: boolean;
};

export type BrandMailboxList = {
  counts: MailboxCounts;
  mailboxes: BrandMailbox[];
  /** How many match the search and the filter, and the page shown (1-based) of how many. */
  matching: number;
  page: number;
  pageCount: number;
};

type Row = {
  id: string;
  email: string;
  on: boolean;
  app: boolean;
  phone: boolean;
  email2: boolean;
  backupCodesLeft: number;
  enrolmentDeadline: Date | null;
  lastSignInAt: Date | null;
  isStaff: boolean;
};

/**
 * The reseller console's Mailboxes: the brand's mailboxes with their two-factor state, enrolment
 * deadline and last sign-in, searched by part of the address and filtered by state, a page at a
 * time (`page: 'all'` for the CSV, which lists what the filter and search match, every page).
 * Authorised here (`brand_mailboxes.view`), so the CSV's route and a forged URL meet the page's refusal.
 */
export async function listBrandMailboxes({
  actor,
  brandId,
  query = '',
  state = 'all',
  page = 1,
}: {
  actor: Actor;
  brandId: string;
  query?: string;
  state?: string;
  page?: number | 'all';
}): Promise<BrandMailboxList> {
  await authorize(actor, 'brand_mailboxes.view', { brandId });
  const q = query.trim().toLowerCase();
  if (q.length > MAX_SEARCH_LENGTH) throw new AppError('SEARCH_QUERY_TOO_LONG');
  if (!isMailboxState(state)) throw new AppError('MAILBOX_STATE_UNKNOWN');
  // The conditions are the registry's constant SQL; what the person typed only ever travels as a parameter.
  const where = `u."brandId" = $1::uuid AND ($2 = '' OR strpos(u."email", $2) > 0) AND ${STATE_SQL[state]}`;
  const [counts = { total: 0, on: 0, off: 0, app: 0, phone: 0, email: 0 }] = await prisma.$queryRawUnsafe<MailboxCounts[]>(
    `SELECT count(*)::int AS "total",
            count(*) FILTER (WHERE ${STATE_SQL.on})::int AS "on",
            count(*) FILTER (WHERE ${STATE_SQL.off})::int AS "off",
            count(*) FILTER (WHERE ${HELD_SQL.app})::int AS "app",
            count(*) FILTER (WHERE ${HELD_SQL.phone})::int AS "phone",
            count(*) FILTER (WHERE ${HELD_SQL.email})::int AS "email"
       FROM "User" u WHERE u."brandId" = $1::uuid`,
    brandId,
  );
  const [{ matching } = { matching: 0 }] = await prisma.$queryRawUnsafe<{ matching: number }[]>(`SELECT count(*)::int AS "matching" FROM "User" u WHERE ${where}`, brandId, q);
  const pageCount = Math.max(1, Math.ceil(matching / MAILBOXES_PER_PAGE));
  const shown = page === 'all' ? 1 : Math.min(Math.max(1, Math.floor(page)), pageCount);
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    `SELECT u."id", u."email", ${STATE_SQL.on} AS "on",
            ${HELD_SQL.app} AS "app", ${HELD_SQL.phone} AS "phone", ${HELD_SQL.email} AS "email2",
            (SELECT count(*) FROM "BackupCode" b WHERE b."userId" = u."id" AND b."usedAt" IS NULL)::int AS "backupCodesLeft",
            u."enrolmentDeadline", u."lastSignInAt",
            EXISTS (SELECT 1 FROM "RoleGrant" r WHERE r."userId" = u."id") AS "isStaff"
       FROM "User" u WHERE ${where}
      ORDER BY u."email"
      ${page === 'all' ? '' : `LIMIT ${MAILBOXES_PER_PAGE} OFFSET ${(shown - 1) * MAILBOXES_PER_PAGE}`}`,
    brandId,
    q,
  );
  return {
    counts,
    matching,
    page: shown,
    pageCount: page === 'all' ? 1 : pageCount,
    mailboxes: rows.map((row) => ({
      id: row.id,
      email: row.email,
      twoFactorOn: row.on,
      app: row.app,
      phone: row.phone,
      email2: row.email2,
      backupCodesLeft: row.backupCodesLeft,
      enrolmentDeadline: row.enrolmentDeadline,
      lastSignInAt: row.lastSignInAt,
      mayOpen: refusalOf(actor, 'mailbox.inspect', { userId: row.id, brandId, isStaff: row.isStaff }) === null,
    })),
  };
}

/** "74 %": the share of the brand's mailboxes that use two-factor authentication, rounded down. */
export function adoptionPercent(counts: MailboxCounts): number {
  return counts.total === 0 ? 0 : Math.floor((counts.on * 100) / counts.total);
}

/** What the list says of a mailbox's second factors: "Authenticator app, phone" or "Off". */
export function twoFactorWords(mailbox: Pick<BrandMailbox, 'twoFactorOn' | 'app' | 'phone' | 'email2'>): string {
  const held = [mailbox.app && 'Authenticator app', mailbox.phone && 'Phone', mailbox.email2 && 'E-mail'].filter((word): word is string => Boolean(word));
  return mailbox.twoFactorOn ? held.join(', ') : 'Off';
}

/** The list as CSV, one line per mailbox in the list's order; times in UTC, ISO 8601. */
export function brandMailboxesCsv(mailboxes: BrandMailbox[]): string {
  return toCsv(
    ['mailbox', 'two_factor', 'authenticator_app', 'phone', 'email', 'backup_codes_left', 'enrolment_deadline', 'last_sign_in'],
    mailboxes.map((row) => [
      row.email,
      row.twoFactorOn ? 'on' : 'off',
      row.app ? 'yes' : 'no',
      row.phone ? 'yes' : 'no',
      row.email2 ? 'yes' : 'no',
      row.backupCodesLeft,
      row.enrolmentDeadline?.toISOString() ?? null,
      row.lastSignInAt?.toISOString() ?? null,
    ]),
  );
}
