import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getEnv } from '@/lib/config/env';
import type { TextPayer } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { PHONE_ONLY_SQL } from '@/lib/core/factor-kinds/phone-only-sql';
import { Prisma } from '@/lib/db/generated/client';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';

export type BrandPackInput = { credits: number; amountCents: number };

const MAX_PACKS = 10;

/**
 * "100 = 5.00" a line, as the brand settings form and `--packs` write a brand's packs; null when
 * any line is not one. An empty text is no packs of the brand's own (the platform's are sold).
 */
export function parseCreditPackLines(text: string): BrandPackInput[] | null {
  const lines = text.split(/[\r\n,]+/).map((line) => line.trim()).filter(Boolean);
  const packs: BrandPackInput[] = [];
  for (const line of lines) {
    const match = /^(\d{1,7})\s*[=:]\s*(\d{1,6})(?:\.(\d{2}))?$/.exec(line);
    if (!match) return null;
    packs.push({ credits: Number(match[1]), amountCents: Number(match[2]) * 100 + Number(match[3] ?? '0') });
  }
  return packs;
}

/** The brand's packs as the form shows them again: "100 = 5.00" a line. */
export function creditPackLines(packs: BrandPackInput[]): string {
  return packs.map((pack) => `${pack.credits} = ${(pack.amountCents / 100).toFixed(2)}`).join('\n');
}

/**
 * A brand administrator (or the platform's) sets "Who pays for texts" and the brand's own SMS
 * credit packs. Mailboxes may pay only while the brand's codes may not be the only second factor
 * (an empty pool must never lock a mailbox out; updateBrandSettings refuses the reverse), and the
 * switch to the mailbox is refused while any mailbox it would make pay has a phone as its only
 * second factor (how many is said, never which). A pack is
 * priced no lower per credit than SMS_CREDIT_MIN_CENTS_PER_CREDIT and at least 50 cents (Stripe's
 * minimum). Bad input changes nothing. Needs a recent second factor; one audit row.
 */
export async function updateBrandCredits({
  actor,
  brandId,
  textsPaidBy,
  packs,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  textsPaidBy?: unknown;
  /** The brand's whole list of packs (replacing the old), or undefined to leave them. */
  packs?: BrandPackInput[] | null;
  code?: TSecondFactorCode | null;
}): Promise<{ textsPaidBy: TextPayer; packs: BrandPackInput[] }> {
  await authorize(actor, 'brand_settings.change', { brandId });
  if (textsPaidBy !== undefined && textsPaidBy !== 'PLATFORM' && textsPaidBy !== 'MAILBOX') throw new AppError('INVALID_INPUT', { fieldErrors: { textsPaidBy: ['Choose the platform or the mailbox.'] } });
  if (packs === null) throw new AppError('CREDIT_PACKS_INVALID');
  if (packs !== undefined) assertPacks(packs);
  await reauthenticate({ actor, code });
  return prisma.$transaction(async (tx) => {
    // The brand's row lock: updateBrandSettings takes it too, so the two checks cannot cross.
    await tx.$executeRaw`SELECT 1 FROM "Brand" WHERE "id" = ${brandId}::uuid FOR UPDATE`;
    const before = await tx.brand.findUniqueOrThrow({
      where: { id: brandId },
      select: { textsPaidBy: true, creditPacks: { select: { credits: true, amountCents: true }, orderBy: { credits: 'asc' } } },
    });
    const payer = (textsPaidBy as TextPayer | undefined) ?? before.textsPaidBy;
    if (payer === 'MAILBOX' && (await getEffectivePolicy({ brandId }, tx)).settings.codesMayStandAlone) throw new AppError('TEXTS_PAYER_NEEDS_AUTHENTICATOR');
    if (payer === 'MAILBOX' && before.textsPaidBy !== 'MAILBOX') {
      const affected = await countPhoneOnlyMailboxes(tx, brandId);
      if (affected > 0) {
        throw new AppError('TEXTS_PAYER_WOULD_LOCK_OUT', {
          fieldErrors: { textsPaidBy: [`${affected} ${affected === 1 ? 'mailbox has' : 'mailboxes have'} a backup phone as ${affected === 1 ? 'its' : 'their'} only second factor; ${affected === 1 ? 'it' : 'they'} would be locked out once ${affected === 1 ? 'its' : 'their'} pool is empty.`] },
        });
      }
    }
    await tx.brand.update({ where: { id: brandId }, data: { textsPaidBy: payer } });
    if (packs !== undefined) {
      // In place, by credits (unique per brand): a pack kept keeps its row, so its id, which a
      // checkout started before this save names; its price follows the form. Removed packs go,
      // new ones are made.
      await tx.brandCreditPack.deleteMany({ where: { brandId, credits: { notIn: packs.map((pack) => pack.credits) } } });
      for (const pack of packs) {
        await tx.brandCreditPack.upsert({
          where: { brandId_credits: { brandId, credits: pack.credits } },
          update: { amountCents: pack.amountCents },
          create: { brandId, ...pack },
        });
      }
    }
    const after = { textsPaidBy: payer, packs: packs ? [...packs].sort((a, b) => a.credits - b.credits) : before.creditPacks };
    await recordAuditEvent(tx, {
      type: 'credits.brand_settings_changed',
      actor,
      subjectId: null,
      brandId,
      detail: { brandId, before: { textsPaidBy: before.textsPaidBy, packs: before.creditPacks }, after },
    });
    return after;
  });
}

/**
 * How many mailboxes of the brand hold a phone and no other second factor. Organisations' members
 * count too: today their organisation pays, but removed or leaving, a member pays for itself at its
 * next sign-in, with an empty pool. Counted under the brand's row lock, which confirming a phone
 * takes FOR SHARE (recheckMayAddFactor), so a phone added meanwhile is either counted or refused.
 * Counted, never named: the brand's administrator learns how many, not which.
 */
async function countPhoneOnlyMailboxes(tx: Prisma.TransactionClient, brandId: string): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ count: number }>>(Prisma.sql`
    SELECT COUNT(*)::int AS "count"
      FROM "User" u
     WHERE u."brandId" = ${brandId}::uuid
       AND ${Prisma.raw(PHONE_ONLY_SQL)}`);
  return row?.count ?? 0;
}

function assertPacks(packs: BrandPackInput[]): void {
  const valid =
    packs.length <= MAX_PACKS &&
    new Set(packs.map((pack) => pack.credits)).size === packs.length &&
    packs.every((pack) => Number.isInteger(pack.credits) && Number.isInteger(pack.amountCents) && pack.credits >= 1 && pack.credits <= 1_000_000);
  if (!valid) throw new AppError('CREDIT_PACKS_INVALID');
  const minimum = getEnv().SMS_CREDIT_MIN_CENTS_PER_CREDIT;
  const tooCheap = packs.filter((pack) => pack.amountCents < 50 || pack.amountCents < pack.credits * minimum);
  if (tooCheap.length > 0) {
    throw new AppError('CREDIT_PACK_TOO_CHEAP', {
      fieldErrors: {
        packs: [
          `The platform's minimum is ${minimum} cents a credit (and 50 cents a pack): ${tooCheap.map((pack) => `${pack.credits} credits need at least ${(Math.max(50, Math.ceil(pack.credits * minimum)) / 100).toFixed(2)}`).join('; ')}.`,
        ],
      },
    });
  }
}
