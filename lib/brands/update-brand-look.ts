import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { ZBrandLookSchema, type TBrandLook } from './brand-schema';
import { checkBrandLogo, type CheckedBrandLogo } from './check-brand-logo';
import { sanitizeBrandCss, type DroppedCss } from './sanitize-brand-css';

/** The new logo's bytes, `'remove'` to go back to the name alone, or undefined to keep the logo. */
export type TBrandLogoChange = { bytes: Uint8Array } | 'remove' | undefined;

/**
 * A brand's administrator (or the platform's) changes how the brand's sign-in page and token
 * prompt look: name, primary colour, support contact, logo and stylesheet. Every field is checked
 * before anything is written, and every problem is reported on its field at once; nothing is saved
 * unless all pass. The stylesheet is stored as written (customCss) and as rebuilt by
 * sanitizeBrandCss (servedCss, the only one ever sent to a browser); what the sanitiser dropped is
 * returned so the screen can say why. Needs a recent second factor (or `code`). The change and its
 * audit row commit together.
 */
export async function updateBrandLook({
  actor,
  brandId,
  look,
  logo,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  look: TBrandLook;
  logo?: TBrandLogoChange;
  code?: TSecondFactorCode | null;
}): Promise<{ dropped: DroppedCss[] }> {
  await authorize(actor, 'brand_settings.change', { brandId });
  const fieldErrors: Record<string, string[]> = {};
  const parsed = ZBrandLookSchema.safeParse(look);
  if (!parsed.success) Object.assign(fieldErrors, z.flattenError(parsed.error).fieldErrors);
  const css = collect(fieldErrors, () => sanitizeBrandCss({ css: look.css ?? '', primaryColor: parsed.success ? parsed.data.primaryColor : null }));
  const checkedLogo = logo && logo !== 'remove' ? collect(fieldErrors, () => checkBrandLogo(logo)) : null;
  if (Object.keys(fieldErrors).length > 0 || !parsed.success || !css) {
    throw new AppError('INVALID_INPUT', { fieldErrors });
  }
  await reauthenticate({ actor, code });
  const { name, primaryColor, supportContact } = parsed.data;
  return prisma.$transaction(async (tx) => {
    const before = await tx.brand.findUniqueOrThrow({
      where: { id: brandId },
      select: { name: true, primaryColor: true, supportContact: true, customCss: true, logoType: true },
    });
    await tx.brand.update({
      where: { id: brandId },
      data: {
        name,
        primaryColor,
        supportContact,
        customCss: look.css?.trim() ? look.css : null,
        servedCss: css.css || null,
        ...(logo === 'remove' ? { logo: null, logoType: null } : {}),
        ...(checkedLogo ? { logo: Uint8Array.from(checkedLogo.logo), logoType: checkedLogo.logoType } : {}),
      },
    });
    await recordAuditEvent(tx, {
      type: 'brand.look_changed',
      actor,
      subjectId: null,
      brandId,
      detail: {
        brandId,
        name: before.name === name ? null : { from: before.name, to: name },
        primaryColor: before.primaryColor === primaryColor ? null : { from: before.primaryColor, to: primaryColor },
        supportContact: before.supportContact === supportContact ? null : { from: before.supportContact, to: supportContact },
        cssChanged: (before.customCss ?? '') !== (look.css ?? ''),
        cssDropped: css.dropped.length,
        logo: logoDetail(logo, checkedLogo),
      },
    });
    return { dropped: css.dropped };
  });
}

/** Runs one field's check, turning its AppError into field messages so every field is reported at once. */
function collect<T>(fieldErrors: Record<string, string[]>, check: () => T): T | null {
  try {
    return check();
  } catch (error) {
    if (!isAppError(error) || !error.fieldErrors) throw error;
    for (const [field, messages] of Object.entries(error.fieldErrors)) fieldErrors[field] = [...(fieldErrors[field] ?? []), ...messages];
    return null;
  }
}

function logoDetail(logo: TBrandLogoChange, checked: CheckedBrandLogo | null) {
  if (logo === 'remove') return 'removed';
  if (!checked) return null;
  return { type: checked.logoType, bytes: checked.logo.length, sha256: createHash('sha256').update(checked.logo).digest('hex') };
}
