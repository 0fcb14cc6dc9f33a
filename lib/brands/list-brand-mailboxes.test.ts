import { describe, expect, it } from 'vitest';
import { adoptionPercent, brandMailboxesCsv, listBrandMailboxes, MAILBOX_STATES } from '@/lib/brands/list-brand-mailboxes';
import { prisma } from '@/lib/db/prisma';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { createTestBrand } from '@/tests/support/brands';
import { expectAppError } from '@/tests/support/errors';
import { staffWith } from '@/tests/support/staff';
import { addConfirmedAlternateEmail, addConfirmedPhone, createTestUser, phoneNumbers, testRequest } from '@/tests/support/users';

const nextNumber = phoneNumbers('576');

/** A brand with one mailbox in each state: none, an app (with backup codes), a phone, an address, and a staff account. */
async function brandWithMailboxes() {
  const brand = await createTestBrand();
  const off = await createTestUser({ domain: brand.domain });
  const app = await createTestUser({ domain: brand.domain, withTotp: true });
  const phone = await createTestUser({ domain: brand.domain });
  await addConfirmedPhone(phone.id, nextNumber());
  const email = await createTestUser({ domain: brand.domain });
  await addConfirmedAlternateEmail(email.id, `other-${email.id}@example.net`);
  const admin = await staffWith([{ role: 'BRAND_ADMIN', brandId: brand.id }]);
  // The brand's own staff account is one of its mailboxes too (with an app): listed, never opened by brand staff.
  const staffMailbox = await createTestUser({ domain: brand.domain, withTotp: true, roles: [{ role: 'BRAND_SUPPORT', brandId: brand.id }] });
  return { brand, off, app, phone, email, staffMailbox, admin };
}

const csvEmails = (csv: string) =>
  csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',')[0]);

describe('the reseller console’s Mailboxes', () => {
  it('counts each state over the brand, and the counts match the rows each filter lists', async () => {
    const { brand, off, app, phone, email, staffMailbox, admin } = await brandWithMailboxes();
    const all = await listBrandMailboxes({ actor: admin.actor, brandId: brand.id });
    expect(all.counts).toEqual({ total: 5, on: 4, off: 1, app: 2, phone: 1, email: 1 });
    expect(adoptionPercent(all.counts)).toBe(80);
    expect(all.mailboxes.map((row) => row.email)).toEqual([off, app, phone, email, staffMailbox].map((user) => user.email).sort());
    for (const { state } of MAILBOX_STATES) {
      const listed = await listBrandMailboxes({ actor: admin.actor, brandId: brand.id, state });
      const expected = state === 'all' ? all.counts.total : all.counts[state];
      expect(listed.matching, state).toBe(expected);
      expect(listed.mailboxes, state).toHaveLength(expected);
    }
    const noTwoFactor = await listBrandMailboxes({ actor: admin.actor, brandId: brand.id, state: 'off' });
    expect(noTwoFactor.mailboxes.map((row) => row.email)).toEqual([off.email]);
    const withApp = all.mailboxes.find((row) => row.id === app.id);
    expect(withApp).toMatchObject({ twoFactorOn: true, app: true, phone: false, email2: false, backupCodesLeft: app.backupCodes.length, mayOpen: true });
    expect(all.mailboxes.find((row) => row.id === phone.id)).toMatchObject({ twoFactorOn: true, phone: true, backupCodesLeft: 0 });
    expect(all.mailboxes.find((row) => row.id === staffMailbox.id)?.mayOpen).toBe(false);
  });

  it('exports as CSV exactly the rows the list shows for the same filter and search', async () => {
    const { brand, app, admin } = await brandWithMailboxes();
    for (const filter of [{ state: 'all' }, { state: 'off' }, { state: 'on' }, { query: app.email.slice(0, 12) }]) {
      const page = await listBrandMailboxes({ actor: admin.actor, brandId: brand.id, ...filter });
      const csv = brandMailboxesCsv((await listBrandMailboxes({ actor: admin.actor, brandId: brand.id, ...filter, page: 'all' })).mailboxes);
      expect(csvEmails(csv), JSON.stringify(filter)).toEqual(page.mailboxes.map((row) => row.email));
    }
    const csv = brandMailboxesCsv((await listBrandMailboxes({ actor: admin.actor, brandId: brand.id, query: app.email })).mailboxes);
    expect(csv.split('\r\n')[0]).toBe('mailbox,two_factor,authenticator_app,phone,email,backup_codes_left,enrolment_deadline,last_sign_in');
    expect(csv.split('\r\n')[1]).toBe(`${app.email},on,yes,no,no,${app.backupCodes.length},,`);
  });

  it('shows the last sign-in, set when a sign-in finishes', async () => {
    const { brand, off, admin } = await brandWithMailboxes();
    const before = await listBrandMailboxes({ actor: admin.actor, brandId: brand.id, query: off.email });
    expect(before.mailboxes[0]?.lastSignInAt).toBeNull();
    const result = await signInWithPassword({ email: off.email, password: off.password, request: testRequest() });
    expect(result.next).not.toBe('second-factor');
    const after = await listBrandMailboxes({ actor: admin.actor, brandId: brand.id, query: off.email });
    expect(after.mailboxes[0]?.lastSignInAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses another brand’s administrator and a brand’s support, audited on the brand reached for', async () => {
    const { brand } = await brandWithMailboxes();
    const other = await createTestBrand();
    const otherAdmin = await staffWith([{ role: 'BRAND_ADMIN', brandId: other.id }]);
    await expectAppError(listBrandMailboxes({ actor: otherAdmin.actor, brandId: brand.id }), 'FORBIDDEN');
    await expectAppError(listBrandMailboxes({ actor: otherAdmin.actor, brandId: brand.id, page: 'all' }), 'FORBIDDEN');
    const support = await staffWith([{ role: 'BRAND_SUPPORT', brandId: brand.id }]);
    await expectAppError(listBrandMailboxes({ actor: support.actor, brandId: brand.id }), 'FORBIDDEN');
    const refused = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'access.refused', actorId: otherAdmin.user.id } });
    expect(refused).toMatchObject({ brandId: brand.id, detail: { action: 'brand_mailboxes.view', brandId: brand.id } });
  });

  it('refuses an unknown state and an over-long search with their own messages', async () => {
    const { brand, admin } = await brandWithMailboxes();
    await expectAppError(listBrandMailboxes({ actor: admin.actor, brandId: brand.id, state: 'maybe' }), 'MAILBOX_STATE_UNKNOWN');
    await expectAppError(listBrandMailboxes({ actor: admin.actor, brandId: brand.id, query: 'a'.repeat(255) }), 'SEARCH_QUERY_TOO_LONG');
  });
});
