import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adjustCredits } from '@/lib/credits/adjust-credits';
import { prisma } from '@/lib/db/prisma';
import { addMember } from '@/lib/organisations/add-member';
import { createOrganisation } from '@/lib/organisations/create-organisation';
import { findOrganisations } from '@/lib/support/find-organisations';
import { readOrganisationForStaff } from '@/lib/support/read-organisation-for-staff';
import { totpCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { latestMessageTo } from '@/tests/support/outbox';
import { staffWith, supportedBrand } from '@/tests/support/staff';
import { createTestUser, TEST_CONSOLE } from '@/tests/support/users';

// The support console's Organisations screen (issue 20, "Staff"): platform support and
// administrators search every brand's family and business accounts and adjust a balance with a
// reason and a recent second factor, audited, in the history, the administrators e-mailed; a
// brand's staff see their own brand's accounts, read-only; forged posts change nothing.

const REASON = 'Ticket 4711: goodwill after an outage';
const ELEVEN_MINUTES_AGO = () => new Date(Date.now() - 11 * 60 * 1000);

/** A family account in `brand`, its administrator and one member, with `credits` in its pool. */
async function organisationIn(brand: { domain: string }, credits = 10) {
  const admin = await createTestUser({ withTotp: true, domain: brand.domain });
  const member = await createTestUser({ withTotp: true, domain: brand.domain });
  const name = `Family ${randomUUID().slice(0, 8)}`;
  const organisation = await createOrganisation({ actor: TEST_CONSOLE, organisation: { name, kind: 'FAMILY', adminEmail: admin.email } });
  await addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: member.email });
  await prisma.organisation.update({ where: { id: organisation.id }, data: { creditBalance: credits } });
  return { organisation: { id: organisation.id, name }, admin, member };
}

const platformSupport = (options?: { secondFactorAt?: Date }) => staffWith([{ role: 'PLATFORM_SUPPORT', brandId: null }], options);

async function balanceAndLedger(organisationId: string) {
  const { creditBalance } = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { creditBalance: true } });
  return { balance: creditBalance, rows: await prisma.creditLedgerEntry.count({ where: { organisationId } }) };
}

describe('the Organisations screen of the support console', () => {
  it('platform support finds accounts of every brand by name or member address; a brand’s staff only their own', async () => {
    const [acme, globex] = [await supportedBrand(), await supportedBrand()];
    const ours = await organisationIn(acme);
    const theirs = await organisationIn(globex);
    const { actor: platform } = await platformSupport();
    expect((await findOrganisations({ actor: platform, query: ours.organisation.name.toUpperCase() })).organisations).toEqual([
      expect.objectContaining({ id: ours.organisation.id, kind: 'FAMILY', members: 2, creditBalance: 10, brandName: acme.name }),
    ]);
    expect((await findOrganisations({ actor: platform, query: theirs.member.email })).organisations.map((row) => row.id)).toEqual([theirs.organisation.id]);

    for (const role of ['BRAND_SUPPORT', 'BRAND_ADMIN'] as const) {
      const { actor } = await staffWith([{ role, brandId: acme.id }]);
      expect((await findOrganisations({ actor, query: acme.domain })).organisations.map((row) => row.id)).toEqual([ours.organisation.id]);
      // Another brand's account is not found, exactly like one that does not exist.
      expect((await findOrganisations({ actor, query: theirs.organisation.name })).organisations).toEqual([]);
      expect((await findOrganisations({ actor, query: theirs.admin.email })).organisations).toEqual([]);
      await expectAppError(readOrganisationForStaff({ actor, organisationId: theirs.organisation.id }), 'FORBIDDEN');
    }
    await expectAppError(findOrganisations({ actor: platform, query: '   ' }), 'ORGANISATION_SEARCH_EMPTY');
    await expectAppError(findOrganisations({ actor: platform, query: 'x'.repeat(255) }), 'SEARCH_QUERY_TOO_LONG');
  });

  it('shows members with their role and 2FA state, balance and history; only platform staff may adjust', async () => {
    const brand = await supportedBrand();
    const { organisation, admin, member } = await organisationIn(brand, 25);
    const { actor: platform } = await platformSupport();
    const seen = await readOrganisationForStaff({ actor: platform, organisationId: organisation.id });
    expect(seen).toMatchObject({ name: organisation.name, creditBalance: 25, mayAdjustCredits: true, pendingInvitations: 0 });
    expect(seen.members.map(({ email, role, isMfaEnabled }) => ({ email, role, isMfaEnabled }))).toEqual([
      { email: admin.email, role: 'ADMINISTRATOR', isMfaEnabled: true },
      { email: member.email, role: 'MEMBER', isMfaEnabled: true },
    ]);
    const { actor: brandStaff } = await staffWith([{ role: 'BRAND_SUPPORT', brandId: brand.id }]);
    expect(await readOrganisationForStaff({ actor: brandStaff, organisationId: organisation.id })).toMatchObject({ creditBalance: 25, mayAdjustCredits: false });
  });

  it('platform support adjusts a balance with a reason and a recent second factor: audited, in the history, administrators e-mailed', async () => {
    const brand = await supportedBrand();
    const { organisation, admin } = await organisationIn(brand, 10);
    const { user, actor } = await platformSupport();
    expect(await adjustCredits({ actor, organisationId: organisation.id, credits: 50, reason: REASON, expectedBrandId: brand.id })).toEqual({ balance: 60 });
    const ledger = await prisma.creditLedgerEntry.findFirstOrThrow({ where: { organisationId: organisation.id, kind: 'ADJUSTMENT' } });
    expect(ledger).toMatchObject({ credits: 50, balanceAfter: 60, reason: REASON, actorKind: 'STAFF', actorId: user.id });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'credits.adjusted', actorId: user.id } });
    expect(audit.detail).toMatchObject({ organisationId: organisation.id, brandId: brand.id, credits: 50, balance: 60, reason: REASON });
    const mail = await latestMessageTo(admin.email, 'EMAIL');
    expect(mail.subject).toBe(`${brand.name}: Support adjusted the SMS credits of ${organisation.name}`);
    expect(mail.body).toContain('The balance is now 60.');
    const [latest] = (await readOrganisationForStaff({ actor, organisationId: organisation.id })).history;
    expect(latest).toMatchObject({ kind: 'ADJUSTMENT', credits: 50, by: 'Platform support', reason: REASON });
    // Never below zero, and never without a reason.
    await expectAppError(adjustCredits({ actor, organisationId: organisation.id, credits: -61, reason: REASON }), 'CREDIT_ADJUSTMENT_OVERDRAWS');
    await expectAppError(adjustCredits({ actor, organisationId: organisation.id, credits: -5, reason: '  ' }), 'REASON_REQUIRED');
    await expectAppError(adjustCredits({ actor, organisationId: organisation.id, credits: 0, reason: REASON }), 'CREDIT_ADJUSTMENT_INVALID');
    expect(await balanceAndLedger(organisation.id)).toEqual({ balance: 60, rows: 1 });
  });

  it('a second factor older than 10 minutes needs a current code', async () => {
    const brand = await supportedBrand();
    const { organisation } = await organisationIn(brand, 10);
    const { user, actor } = await platformSupport({ secondFactorAt: ELEVEN_MINUTES_AGO() });
    await expectAppError(adjustCredits({ actor, organisationId: organisation.id, credits: 5, reason: REASON }), 'REAUTH_REQUIRED');
    expect(await balanceAndLedger(organisation.id)).toEqual({ balance: 10, rows: 0 });
    expect(await adjustCredits({ actor, organisationId: organisation.id, credits: 5, reason: REASON, code: totpCode(user.totpSecret) })).toEqual({ balance: 15 });
  });

  it('forged posts change nothing: a brand’s staff, another brand, a moved account, the staff member’s own account', async () => {
    const [acme, globex] = [await supportedBrand(), await supportedBrand()];
    const { organisation } = await organisationIn(acme, 10);
    for (const role of ['BRAND_SUPPORT', 'BRAND_ADMIN'] as const) {
      for (const brandId of [acme.id, globex.id]) {
        const { actor } = await staffWith([{ role, brandId }]);
        await expectAppError(adjustCredits({ actor, organisationId: organisation.id, credits: 100, reason: REASON }), 'FORBIDDEN');
      }
    }
    const { actor } = await platformSupport();
    // The page showed it in another brand: refused, as a mailbox that moved is.
    await expectAppError(adjustCredits({ actor, organisationId: organisation.id, credits: 100, reason: REASON, expectedBrandId: globex.id }), 'FORBIDDEN');
    // Platform support who is itself a member: its own administrators manage it.
    const { actor: memberAsStaff } = await staffWith([{ role: 'PLATFORM_SUPPORT', brandId: null }]);
    await prisma.organisationMember.create({ data: { organisationId: organisation.id, userId: memberAsStaff.current.user.id, role: 'MEMBER' } });
    await expectAppError(adjustCredits({ actor: memberAsStaff, organisationId: organisation.id, credits: 100, reason: REASON }), 'FORBIDDEN');
    await expectAppError(adjustCredits({ actor, organisationId: randomUUID(), credits: 100, reason: REASON }), 'ORGANISATION_NOT_FOUND');
    expect(await balanceAndLedger(organisation.id)).toEqual({ balance: 10, rows: 0 });
  });
});
