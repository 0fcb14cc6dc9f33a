import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { selfActor, type Actor } from '@/lib/core/actor';
import { staffActor } from '@/lib/core/staff-actor';
import { createBrand } from '@/lib/brands/create-brand';
import { prisma, type Tx } from '@/lib/db/prisma';
import { totpCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { addConfirmedAlternateEmail, createTestUser, currentSessionFor, TEST_CONSOLE, testRequest } from '@/tests/support/users';
import type * as NoticeModule from '@/lib/core/account-notice';
import { changeAccount, type AccountChangeRequest } from './change-account';

// The frame every change of an account runs in (SECURITY.md "Account changes" and "Tenancy, roles
// and staff"), tested on its own with a change that writes one marker: the challenge policy.

const notices = vi.hoisted(() => ({ isFailing: false }));
vi.mock('@/lib/core/account-notice', async (importOriginal) => {
  const original = await importOriginal<typeof NoticeModule>();
  return {
    ...original,
    queueAccountNotice: async (...args: Parameters<typeof original.queueAccountNotice>) => {
      if (notices.isFailing) throw new Error('the outbox is unavailable');
      return original.queueAccountNotice(...args);
    },
  };
});

const ELEVEN_MINUTES_AGO = () => new Date(Date.now() - 11 * 60 * 1000);

async function brandWithSupport() {
  const slug = `ca-${randomUUID().slice(0, 8)}`;
  const brand = await createBrand({ actor: TEST_CONSOLE, brand: { name: `Brand ${slug}`, slug, domains: [`${slug}.example`], supportContact: `help@${slug}.example` } });
  return { id: brand.id, name: `Brand ${slug}`, domain: `${slug}.example`, supportContact: `help@${slug}.example` };
}

/** A mailbox with an authenticator and a confirmed alternate address, in a brand of its own. */
async function mailbox() {
  const brand = await brandWithSupport();
  const user = await createTestUser({ withTotp: true, domain: brand.domain });
  const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@elsewhere.example`);
  return { ...user, totpSecret: user.totpSecret as string, alternate: alternate.address, brand };
}

async function ownerOf(user: { id: string; email: string }, secondFactorAt: Date | null = new Date()) {
  return selfActor(await currentSessionFor(user, { secondFactorAt }), testRequest());
}

async function staffOf(brandId: string) {
  const user = await createTestUser({ withTotp: true, roles: [{ role: 'BRAND_SUPPORT', brandId }] });
  return staffActor(await currentSessionFor(user, { secondFactorAt: new Date() }), testRequest());
}

/** A change of the challenge policy to NEW_COUNTRY through the frame; `fail` throws after writing. */
function setPolicy(request: Partial<AccountChangeRequest> & { actor: Actor; userId: string }, { fail = false } = {}) {
  return changeAccount(
    { action: 'challenge_policy.set', reauth: { code: null }, audit: 'challenge_policy.changed', notice: 'support.challenge_policy_changed', ...request },
    async (tx, locked) => {
      await tx.user.update({ where: { id: locked.id }, data: { challengePolicy: 'NEW_COUNTRY' } });
      if (fail) throw new Error('the change failed halfway');
      return { result: locked.brandId, detail: { to: 'NEW_COUNTRY' }, what: 'only from a new country' };
    },
  );
}

async function stateOf(user: { id: string; email: string; alternate: string }) {
  const [row, audits, messages] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { challengePolicy: true } }),
    prisma.auditEvent.findMany({ where: { userId: user.id, type: 'challenge_policy.changed' }, select: { actorKind: true, detail: true } }),
    prisma.outboundMessage.findMany({ where: { to: { in: [user.email, user.alternate] } }, select: { to: true, body: true } }),
  ]);
  return { challengePolicy: row.challengePolicy, audits, messages };
}

describe('changeAccount', () => {
  it('refuses a forged actor: the owner of another mailbox, and staff of another brand; nothing changes', async () => {
    const target = await mailbox();
    const before = await stateOf(target);
    const stranger = await createTestUser({ withTotp: true });
    await expectAppError(setPolicy({ actor: await ownerOf(stranger), userId: target.id }), 'FORBIDDEN');
    const otherBrand = await brandWithSupport();
    await expectAppError(setPolicy({ actor: await staffOf(otherBrand.id), userId: target.id, reason: 'Ticket 1' }), 'FORBIDDEN');
    expect(await stateOf(target)).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { userId: target.id, type: 'access.refused' } })).toBe(2);
  });

  it('leaves a mailbox that moved to another brand since the page showed it', async () => {
    const target = await mailbox();
    const before = await stateOf(target);
    const staff = await staffOf(target.brand.id);
    await expectAppError(setPolicy({ actor: staff, userId: target.id, reason: 'Ticket 2', expectedBrandId: randomUUID() }), 'MAILBOX_MOVED');
    expect(await stateOf(target)).toEqual(before);
  });

  it('asks a reason of staff and the console, never of the owner', async () => {
    const target = await mailbox();
    const staff = await staffOf(target.brand.id);
    await expectAppError(setPolicy({ actor: staff, userId: target.id }), 'REASON_REQUIRED');
    await expectAppError(setPolicy({ actor: staff, userId: target.id, reason: '   ' }), 'REASON_REQUIRED');
    await expectAppError(setPolicy({ actor: TEST_CONSOLE, userId: target.id }), 'REASON_REQUIRED');
    expect((await stateOf(target)).challengePolicy).not.toBe('NEW_COUNTRY');

    await setPolicy({ actor: await ownerOf(target), userId: target.id });
    const [audit] = (await stateOf(target)).audits;
    expect(audit).toEqual({ actorKind: 'SELF', detail: { to: 'NEW_COUNTRY' } });
  });

  it('re-authenticates as the action requires: a stale second factor needs a code; an owner without one is spared only where the action says so', async () => {
    const target = await mailbox();
    const stale = await ownerOf(target, ELEVEN_MINUTES_AGO());
    await expectAppError(setPolicy({ actor: stale, userId: target.id }), 'REAUTH_REQUIRED');
    expect((await stateOf(target)).audits).toEqual([]);
    await setPolicy({ actor: stale, userId: target.id, reauth: { code: totpCode(target.totpSecret) } });
    expect((await stateOf(target)).challengePolicy).toBe('NEW_COUNTRY');

    const bare = await createTestUser();
    const bareOwner = await ownerOf(bare, null);
    await expectAppError(setPolicy({ actor: bareOwner, userId: bare.id }), 'REAUTH_REQUIRED');
    await setPolicy({ actor: bareOwner, userId: bare.id, reauth: { code: null, exceptOwnerWithoutFactor: true } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: bare.id }, select: { challengePolicy: true } })).challengePolicy).toBe('NEW_COUNTRY');

    // Staff always prove a recent second factor, even for a change the owner makes with none.
    const staffUser = await createTestUser({ withTotp: true, roles: [{ role: 'BRAND_SUPPORT', brandId: target.brand.id }] });
    const staleStaff = staffActor(await currentSessionFor(staffUser, { secondFactorAt: ELEVEN_MINUTES_AGO() }), testRequest());
    await expectAppError(setPolicy({ actor: staleStaff, userId: target.id, reason: 'Ticket 3', reauth: 'none' }), 'REAUTH_REQUIRED');
    // Also where the change's proof is a code spent in its own transaction: the code is the
    // owner's, never the staff member's second factor, and nothing is spent or changed.
    let spent = false;
    const spend = <R,>(body: (tx: Tx) => Promise<R>) => prisma.$transaction(async (tx) => {
      spent = true;
      return body(tx);
    });
    await expectAppError(setPolicy({ actor: staleStaff, userId: target.id, reason: 'Ticket 4', reauth: { spend } }), 'REAUTH_REQUIRED');
    expect(spent).toBe(false);
  });

  it('writes nothing when the change fails halfway: no change, no audit row, no notice', async () => {
    const target = await mailbox();
    const before = await stateOf(target);
    await expect(setPolicy({ actor: await ownerOf(target), userId: target.id }, { fail: true })).rejects.toThrow('the change failed halfway');
    expect(await stateOf(target)).toEqual(before);
  });

  it('writes one audit row (with brand and reason where staff act) and the notice to the mailbox, its alternate address and the brand’s support contact', async () => {
    const target = await mailbox();
    const staff = await staffOf(target.brand.id);
    const brandId = await setPolicy({ actor: staff, userId: target.id, reason: '  Ticket 4: asked by phone  ', expectedBrandId: target.brand.id });
    expect(brandId).toBe(target.brand.id);
    const { audits, messages } = await stateOf(target);
    expect(audits).toEqual([{ actorKind: 'STAFF', detail: { brandId: target.brand.id, reason: 'Ticket 4: asked by phone', to: 'NEW_COUNTRY' } }]);
    expect(messages.map((message) => message.to).sort()).toEqual([target.email, target.alternate].sort());
    for (const message of messages) {
      expect(message.body).toContain('It is now: Only from a new country.');
      expect(message.body).toContain(`${target.brand.name} support (${target.brand.supportContact})`);
    }
  });

  it('queues the notice in the change’s transaction: when it cannot be queued, the change and its audit row do not commit', async () => {
    const target = await mailbox();
    const before = await stateOf(target);
    notices.isFailing = true;
    try {
      await expect(setPolicy({ actor: await ownerOf(target), userId: target.id })).rejects.toThrow('the outbox is unavailable');
    } finally {
      notices.isFailing = false;
    }
    expect(await stateOf(target)).toEqual(before);
  });
});
