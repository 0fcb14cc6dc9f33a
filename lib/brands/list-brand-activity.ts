import { AUDIT_EVENT_TYPES, type AuditEventType } from '@/lib/audit/record-audit-event';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { toCsv } from '@/lib/core/csv';
import type { Prisma } from '@/lib/db/generated/client';
import type { ActorKind } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { MAX_SEARCH_LENGTH } from '@/lib/support/find-mailboxes';

export const ACTIVITY_PER_PAGE = 50;
/** The CSV's most rows (the newest): every sign-in is a row, and one download must not hold a busy brand's whole history in memory. */
export const ACTIVITY_CSV_MAX_ROWS = 100_000;

/** The kinds the filter offers: every audit type, by what it says. */
export const ACTIVITY_KINDS: ReadonlyArray<{ kind: AuditEventType; label: string }> = (Object.entries(AUDIT_EVENT_TYPES) as [AuditEventType, string][])
  .map(([kind, label]) => ({ kind, label }))
  .sort((a, b) => a.label.localeCompare(b.label));

export type ActivityRow = {
  id: string;
  at: Date;
  kind: string;
  /** What happened, in words. */
  what: string;
  /** Who acted, as the brand may know them. */
  who: string;
  /** The mailbox it was about; null for the brand's own settings. */
  onWhom: string | null;
  /** The reason a person wrote (staff, the console, an organisation's administrator); null otherwise. */
  reason: string | null;
};

export type BrandActivity = { rows: ActivityRow[]; matching: number; page: number; pageCount: number };

const NOBODY_SIGNED_IN: Record<ActorKind, string> = {
  SELF: 'The mailbox itself',
  STAFF: 'Staff',
  CONSOLE: 'The server’s console',
  VISITOR: 'Someone signing in',
  MAIL_CLIENT: 'A mail app',
};

// Only these write a reason of their own; elsewhere `detail.reason` is a machine's word (a refused
// send's error code, "invalid" for a wrong code), which is no one's reason.
const WRITTEN_REASON_KINDS: ReadonlySet<ActorKind> = new Set(['STAFF', 'CONSOLE']);

/**
 * The reseller console's Activity: the brand's audit rows, newest first (the `[brandId, createdAt]`
 * index), filtered by kind and by part of the mailbox's address, a page at a time (`page: 'all'`
 * for the CSV). Who acted is named by address only when it is one of the brand's own mailboxes;
 * the platform's staff and another brand's are "Staff outside the brand", so a reseller learns no
 * address it does not hold. Authorised here (`brand_activity.view`).
 */
export async function listBrandActivity({
  actor,
  brandId,
  kind = '',
  mailbox = '',
  page = 1,
}: {
  actor: Actor;
  brandId: string;
  kind?: string;
  mailbox?: string;
  page?: number | 'all';
}): Promise<BrandActivity> {
  await authorize(actor, 'brand_activity.view', { brandId });
  const m = mailbox.trim().toLowerCase();
  if (m.length > MAX_SEARCH_LENGTH) throw new AppError('SEARCH_QUERY_TOO_LONG');
  if (kind !== '' && !Object.hasOwn(AUDIT_EVENT_TYPES, kind)) throw new AppError('ACTIVITY_KIND_UNKNOWN');
  const where: Prisma.AuditEventWhereInput = {
    brandId,
    ...(kind ? { type: kind } : {}),
    ...(m ? { user: { email: { contains: m } } } : {}),
  };
  const matching = await prisma.auditEvent.count({ where });
  const pageCount = Math.max(1, Math.ceil(matching / ACTIVITY_PER_PAGE));
  const shown = page === 'all' ? 1 : Math.min(Math.max(1, Math.floor(page)), pageCount);
  const rows = await prisma.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: page === 'all' ? 0 : (shown - 1) * ACTIVITY_PER_PAGE,
    take: page === 'all' ? ACTIVITY_CSV_MAX_ROWS : ACTIVITY_PER_PAGE,
    select: {
      id: true,
      type: true,
      createdAt: true,
      actorKind: true,
      operator: true,
      detail: true,
      actor: { select: { email: true, brandId: true } },
      user: { select: { email: true } },
    },
  });
  return {
    matching,
    page: shown,
    pageCount: page === 'all' ? 1 : pageCount,
    rows: rows.map((row) => ({
      id: row.id,
      at: row.createdAt,
      kind: row.type,
      what: AUDIT_EVENT_TYPES[row.type as AuditEventType] ?? row.type,
      who: whoActed(row, brandId),
      onWhom: row.user?.email ?? null,
      reason: WRITTEN_REASON_KINDS.has(row.actorKind) ? writtenReason(row.detail) : null,
    })),
  };
}

function whoActed(row: { actorKind: ActorKind; operator: string | null; actor: { email: string; brandId: string } | null }, brandId: string): string {
  if (row.actorKind === 'CONSOLE') return row.operator ? `The server’s console (${row.operator})` : NOBODY_SIGNED_IN.CONSOLE;
  if (!row.actor) return NOBODY_SIGNED_IN[row.actorKind];
  return row.actor.brandId === brandId ? row.actor.email : 'Staff outside the brand';
}

function writtenReason(detail: Prisma.JsonValue): string | null {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return null;
  const reason = (detail as Record<string, unknown>).reason;
  // A refused send records its error code as "reason" even at the console: codes are no one's words.
  return typeof reason === 'string' && !/^[A-Z_]+$/.test(reason) ? reason : null;
}

/** The rows as CSV, newest first as listed; times in UTC, ISO 8601. */
export function brandActivityCsv(rows: ActivityRow[]): string {
  return toCsv(
    ['date', 'kind', 'what', 'who', 'mailbox', 'reason'],
    rows.map((row) => [row.at.toISOString(), row.kind, row.what, row.who, row.onWhom, row.reason]),
  );
}
