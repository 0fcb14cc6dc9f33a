import { describe, expect, it } from 'vitest';
import { brandActivityCsv, listBrandActivity } from '@/lib/brands/list-brand-activity';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { issueRecoveryCodes } from '@/lib/support/issue-recovery-codes';
import { createTestBrand } from '@/tests/support/brands';
import { expectAppError } from '@/tests/support/errors';
import { staffWith } from '@/tests/support/staff';
import { createTestUser } from '@/tests/support/users';

describe('the reseller console’s Activity', () => {
  it('lists the brand’s rows newest first: who, what, on whom, the reason; filtered by kind and mailbox; CSV as listed', async () => {
    const brand = await createTestBrand();
    const other = await createTestBrand();
    const mailbox = await createTestUser({ domain: brand.domain, withTotp: true });
    const elsewhere = await createTestUser({ domain: other.domain, withTotp: true });
    const admin = await staffWith([{ role: 'BRAND_ADMIN', brandId: brand.id }]);
    const platformSupport = await staffWith([{ role: 'PLATFORM_SUPPORT', brandId: null }]);
    await issueRecoveryCodes({ actor: platformSupport.actor, userId: mailbox.id, reason: 'Lost phone, identity checked by callback' });
    await issueRecoveryCodes({ actor: platformSupport.actor, userId: elsewhere.id, reason: 'Not this brand' });
    await updateBrandSettings({ actor: admin.actor, brandId: brand.id, changes: { allowAppPasswords: false } });

    const all = await listBrandActivity({ actor: admin.actor, brandId: brand.id });
    expect(all.rows.map((row) => row.kind)).toEqual(expect.arrayContaining(['user.created', 'support.recovery_codes_issued', 'brand.settings_changed']));
    expect(all.rows.some((row) => row.reason === 'Not this brand')).toBe(false);
    expect(all.rows[0]).toMatchObject({ kind: 'brand.settings_changed', onWhom: null });
    const issued = await listBrandActivity({ actor: admin.actor, brandId: brand.id, kind: 'support.recovery_codes_issued' });
    expect(issued.rows).toEqual([
      expect.objectContaining({
        what: 'Support issued new recovery codes',
        // The platform's staff are not named to a reseller.
        who: 'Staff outside the brand',
        onWhom: mailbox.email,
        reason: 'Lost phone, identity checked by callback',
      }),
    ]);
    const ofMailbox = await listBrandActivity({ actor: admin.actor, brandId: brand.id, mailbox: mailbox.email.toUpperCase() });
    expect(ofMailbox.rows.length).toBeGreaterThan(0);
    expect(ofMailbox.rows.every((row) => row.onWhom === mailbox.email)).toBe(true);

    const csv = brandActivityCsv((await listBrandActivity({ actor: admin.actor, brandId: brand.id, page: 'all' })).rows).trim().split('\r\n');
    expect(csv[0]).toBe('date,kind,what,who,mailbox,reason');
    expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(all.rows.map((row) => row.kind));
  });

  it('refuses another brand’s administrator, a brand’s support, and an unknown kind', async () => {
    const brand = await createTestBrand();
    const other = await createTestBrand();
    const otherAdmin = await staffWith([{ role: 'BRAND_ADMIN', brandId: other.id }]);
    await expectAppError(listBrandActivity({ actor: otherAdmin.actor, brandId: brand.id }), 'FORBIDDEN');
    const support = await staffWith([{ role: 'BRAND_SUPPORT', brandId: brand.id }]);
    await expectAppError(listBrandActivity({ actor: support.actor, brandId: brand.id, page: 'all' }), 'FORBIDDEN');
    const admin = await staffWith([{ role: 'BRAND_ADMIN', brandId: brand.id }]);
    await expectAppError(listBrandActivity({ actor: admin.actor, brandId: brand.id, kind: 'drop table' }), 'ACTIVITY_KIND_UNKNOWN');
  });
});
