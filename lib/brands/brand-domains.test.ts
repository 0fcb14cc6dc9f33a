import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addBrandDomain } from '@/lib/brands/add-brand-domain';
import { addBrandHost } from '@/lib/brands/add-brand-host';
import { answerBrandDomainRequest } from '@/lib/brands/answer-brand-domain-request';
import { cancelBrandDomainRequest } from '@/lib/brands/cancel-brand-domain-request';
import { findBrandForHost } from '@/lib/brands/find-brand-for-host';
import { listDomainRequests } from '@/lib/brands/list-domain-requests';
import { readBrandDomains } from '@/lib/brands/read-brand-domains';
import { removeBrandDomain } from '@/lib/brands/remove-brand-domain';
import { removeBrandHost } from '@/lib/brands/remove-brand-host';
import { updateBrandSenders } from '@/lib/brands/update-brand-senders';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { createTestBrand } from '@/tests/support/brands';
import { expectAppError } from '@/tests/support/errors';
import { latestMessageTo } from '@/tests/support/outbox';
import { staffWith } from '@/tests/support/staff';
import { createTestUser, TEST_CONSOLE } from '@/tests/support/users';

const freshDomain = () => `d-${randomUUID().slice(0, 8)}.example`;
const brandAdmin = async (brandId: string) => (await staffWith([{ role: 'BRAND_ADMIN', brandId }])).actor;
const platformAdmin = async () => (await staffWith([{ role: 'PLATFORM_ADMIN', brandId: null }])).actor;
const brandOf = async (userId: string) => prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { brandId: true, enrolmentDeadline: true, challengePolicy: true } });

describe('adding a mail domain', () => {
  it('takes a domain no brand owns and no mailbox uses at once, audited on the brand', async () => {
    const brand = await createTestBrand();
    const admin = await brandAdmin(brand.id);
    const domain = freshDomain();
    expect(await addBrandDomain({ actor: admin, brandId: brand.id, domain: `  ${domain.toUpperCase()} ` })).toEqual({ outcome: 'added', domain });
    expect(await prisma.brandDomain.findUniqueOrThrow({ where: { domain } })).toMatchObject({ brandId: brand.id });
    expect(await prisma.auditEvent.count({ where: { type: 'brand.domain_added', brandId: brand.id, detail: { path: ['domain'], equals: domain } } })).toBe(1);
    // A mailbox made afterwards belongs to the brand.
    expect((await createTestUser({ domain })).brandId).toBe(brand.id);
    await expectAppError(addBrandDomain({ actor: admin, brandId: brand.id, domain }), 'BRAND_DOMAIN_ALREADY_YOURS');
  });

  it("refuses another brand's domain without naming the brand, and a name that is no domain", async () => {
    const owner = await createTestBrand();
    const other = await createTestBrand();
    const refusal = await expectAppError(addBrandDomain({ actor: await brandAdmin(other.id), brandId: other.id, domain: owner.domain }), 'BRAND_DOMAIN_TAKEN');
    expect(refusal.userMessage).not.toContain(owner.slug);
    expect((await prisma.brandDomain.findUniqueOrThrow({ where: { domain: owner.domain } })).brandId).toBe(owner.id);
    const bad = await expectAppError(addBrandDomain({ actor: TEST_CONSOLE, brandId: other.id, domain: 'not a domain' }), 'INVALID_INPUT');
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(['domain']);
  });

  it("refuses another brand's administrator, and a brand administrator answering requests", async () => {
    const brand = await createTestBrand();
    const stranger = await brandAdmin((await createTestBrand()).id);
    await expectAppError(addBrandDomain({ actor: stranger, brandId: brand.id, domain: freshDomain() }), 'FORBIDDEN');
    await expectAppError(listDomainRequests({ actor: await brandAdmin(brand.id) }), 'FORBIDDEN');
    await expectAppError(readBrandDomains({ actor: stranger, brandId: brand.id }), 'FORBIDDEN');
  });
});

describe('a domain that has mailboxes', () => {
  it('waits for a platform administrator, whose approval moves its mailboxes in under the brand’s rules and tells each', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true, offerNewIpChallenge: false });
    const domain = freshDomain();
    const first = await createTestUser({ domain });
    const second = await createTestUser({ domain });
    const defaultBrandId = first.brandId;
    // A chosen policy the new brand does not offer, and an enrolment period started under the old brand.
    const deadline = new Date(Date.now() + 86_400_000);
    await prisma.user.update({ where: { id: first.id }, data: { challengePolicy: 'NEW_IP', enrolmentDeadline: deadline } });

    const admin = await brandAdmin(brand.id);
    const asked = await addBrandDomain({ actor: admin, brandId: brand.id, domain });
    expect(asked.outcome).toBe('requested');
    expect((await brandOf(first.id)).brandId).toBe(defaultBrandId);
    expect(await prisma.brandDomain.count({ where: { domain } })).toBe(0);
    expect((await readBrandDomains({ actor: admin, brandId: brand.id })).requests[0]).toMatchObject({ domain, status: 'PENDING' });

    const approver = await platformAdmin();
    const waiting = (await listDomainRequests({ actor: approver })).find((request) => request.domain === domain);
    expect(waiting).toMatchObject({ brand: { slug: brand.slug }, mailboxes: 2 });
    const answered = await answerBrandDomainRequest({ actor: approver, requestId: waiting?.id ?? '', answer: 'approve' });
    expect(answered).toMatchObject({ domain, brandId: brand.id, moved: 2 });

    // The deadline it had is kept (never renewed: a move must not reopen a passed one).
    expect(await brandOf(first.id)).toEqual({ brandId: brand.id, enrolmentDeadline: deadline, challengePolicy: 'ALWAYS' });
    expect((await brandOf(second.id)).brandId).toBe(brand.id);
    expect(await prisma.brandDomain.findUniqueOrThrow({ where: { domain } })).toMatchObject({ brandId: brand.id });
    expect(await prisma.brandDomainRequest.findUniqueOrThrow({ where: { id: waiting?.id } })).toMatchObject({ status: 'APPROVED', movedMailboxes: 2 });
    const moves = await prisma.auditEvent.findMany({ where: { type: 'mailbox.brand_moved', userId: { in: [first.id, second.id] } }, select: { brandId: true, actorKind: true } });
    expect(moves).toEqual([
      { brandId: brand.id, actorKind: 'STAFF' },
      { brandId: brand.id, actorKind: 'STAFF' },
    ]);
    expect(await prisma.auditEvent.count({ where: { type: 'brand.domain_request_approved', brandId: brand.id } })).toBe(1);
    const notice = await latestMessageTo(first.email, 'EMAIL');
    expect(notice.body).toContain(`Your mailbox now belongs to Brand ${brand.slug}`);
    // Answered once: a second answer finds nothing waiting.
    await expectAppError(answerBrandDomainRequest({ actor: approver, requestId: waiting?.id ?? '', answer: 'refuse' }), 'BRAND_DOMAIN_REQUEST_NOT_FOUND');
  });

  it('moves nothing when refused or cancelled, and a cancelled request cannot be approved', async () => {
    const brand = await createTestBrand();
    const admin = await brandAdmin(brand.id);
    const approver = await platformAdmin();
    const domain = freshDomain();
    const mailbox = await createTestUser({ domain });

    const refused = await addBrandDomain({ actor: admin, brandId: brand.id, domain });
    if (refused.outcome !== 'requested') throw new Error('expected a request');
    await answerBrandDomainRequest({ actor: approver, requestId: refused.requestId, answer: 'refuse' });
    expect((await brandOf(mailbox.id)).brandId).toBe(mailbox.brandId);
    expect(await prisma.brandDomain.count({ where: { domain } })).toBe(0);

    const cancelled = await addBrandDomain({ actor: admin, brandId: brand.id, domain });
    if (cancelled.outcome !== 'requested') throw new Error('expected a request');
    // Another brand's administrator cannot cancel it, even naming their own brand.
    const strangerBrand = await createTestBrand();
    await expectAppError(cancelBrandDomainRequest({ actor: await brandAdmin(strangerBrand.id), brandId: strangerBrand.id, requestId: cancelled.requestId }), 'BRAND_DOMAIN_REQUEST_NOT_FOUND');
    await cancelBrandDomainRequest({ actor: admin, brandId: brand.id, requestId: cancelled.requestId });
    await expectAppError(answerBrandDomainRequest({ actor: approver, requestId: cancelled.requestId, answer: 'approve' }), 'BRAND_DOMAIN_REQUEST_NOT_FOUND');
    expect((await brandOf(mailbox.id)).brandId).toBe(mailbox.brandId);
  });

  it('keeps one request per domain when two brands ask at once; the other is told it is asked for, not by whom', async () => {
    const [a, b] = [await createTestBrand(), await createTestBrand()];
    const [adminA, adminB] = [await brandAdmin(a.id), await brandAdmin(b.id)];
    const domain = freshDomain();
    await createTestUser({ domain });
    const outcomes = await Promise.allSettled([
      addBrandDomain({ actor: adminA, brandId: a.id, domain }),
      addBrandDomain({ actor: adminB, brandId: b.id, domain }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refusal = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refusal?.status === 'rejected' && (refusal.reason as { code?: string }).code).toBe('BRAND_DOMAIN_REQUESTED');
    expect(await prisma.brandDomainRequest.count({ where: { domain, status: 'PENDING' } })).toBe(1);
  });

  it('gives a free domain to one of two brands taking it at once', async () => {
    const [a, b] = [await createTestBrand(), await createTestBrand()];
    const domain = freshDomain();
    const outcomes = await Promise.allSettled([
      addBrandDomain({ actor: await brandAdmin(a.id), brandId: a.id, domain }),
      addBrandDomain({ actor: await brandAdmin(b.id), brandId: b.id, domain }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refusal = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refusal?.status === 'rejected' && (refusal.reason as { code?: string }).code).toBe('BRAND_DOMAIN_TAKEN');
    expect(await prisma.brandDomain.count({ where: { domain } })).toBe(1);
  });

  it('moves at once when the platform itself adds it (the console)', async () => {
    const brand = await createTestBrand();
    const domain = freshDomain();
    const mailbox = await createTestUser({ domain });
    expect(await addBrandDomain({ actor: TEST_CONSOLE, brandId: brand.id, domain })).toEqual({ outcome: 'moved', domain, moved: 1 });
    expect((await brandOf(mailbox.id)).brandId).toBe(brand.id);
  });

  it('refuses the move of a mailbox in a family or business account of its old brand, and moves nothing', async () => {
    const brand = await createTestBrand();
    const domain = freshDomain();
    const member = await createTestUser({ domain });
    const organisation = await prisma.organisation.create({ data: { name: 'The Joneses', kind: 'FAMILY', brandId: member.brandId }, select: { id: true } });
    await prisma.organisationMember.create({ data: { organisationId: organisation.id, userId: member.id, role: 'ADMINISTRATOR' } });
    await expectAppError(addBrandDomain({ actor: TEST_CONSOLE, brandId: brand.id, domain }), 'BRAND_DOMAIN_IN_ORGANISATION');
    expect((await brandOf(member.id)).brandId).toBe(member.brandId);
    expect(await prisma.brandDomain.count({ where: { domain } })).toBe(0);
  });
});

describe('removing a mail domain', () => {
  it('is refused while mailboxes use it, and for a domain of another brand', async () => {
    const brand = await createTestBrand();
    const admin = await brandAdmin(brand.id);
    await createTestUser({ domain: brand.domain });
    await expectAppError(removeBrandDomain({ actor: admin, brandId: brand.id, domain: brand.domain }), 'BRAND_DOMAIN_HAS_MAILBOXES');
    const other = await createTestBrand();
    await expectAppError(removeBrandDomain({ actor: admin, brandId: brand.id, domain: other.domain }), 'BRAND_DOMAIN_NOT_FOUND');
    expect(await prisma.brandDomain.count({ where: { domain: { in: [brand.domain, other.domain] } } })).toBe(2);
  });

  it('removes a domain no mailbox uses, audited', async () => {
    const brand = await createTestBrand();
    const admin = await brandAdmin(brand.id);
    const domain = freshDomain();
    await addBrandDomain({ actor: admin, brandId: brand.id, domain });
    await removeBrandDomain({ actor: admin, brandId: brand.id, domain });
    expect(await prisma.brandDomain.count({ where: { domain } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { type: 'brand.domain_removed', brandId: brand.id } })).toBe(1);
  });
});

describe('host names', () => {
  it('adds a valid, unused host name, refuses another brand’s and a bad one, and removes it', async () => {
    const brand = await createTestBrand();
    const other = await createTestBrand();
    const admin = await brandAdmin(brand.id);
    const host = `account.${freshDomain()}`;
    await addBrandHost({ actor: admin, brandId: brand.id, host });
    expect((await findBrandForHost({ host }))?.name).toBe(`Brand ${brand.slug}`);
    const taken = await expectAppError(addBrandHost({ actor: await brandAdmin(other.id), brandId: other.id, host }), 'BRAND_HOST_TAKEN');
    expect(taken.userMessage).toBe(APP_ERRORS.BRAND_HOST_TAKEN.message);
    await expectAppError(addBrandHost({ actor: admin, brandId: brand.id, host }), 'BRAND_HOST_ALREADY_YOURS');
    await expectAppError(addBrandHost({ actor: admin, brandId: brand.id, host: 'bad_host!' }), 'INVALID_INPUT');
    await expectAppError(removeBrandHost({ actor: await brandAdmin(other.id), brandId: other.id, host }), 'BRAND_HOST_NOT_FOUND');
    await removeBrandHost({ actor: admin, brandId: brand.id, host });
    expect(await findBrandForHost({ host })).toBeNull();
    expect(await prisma.auditEvent.count({ where: { type: { in: ['brand.host_added', 'brand.host_removed'] }, brandId: brand.id } })).toBe(2);
  });
});

describe('names no brand may take (the attack review of issue 21)', () => {
  it('refuses the platform\u2019s own host and e-mail domain, and anything above or below them', async () => {
    const brand = await createTestBrand();
    const admin = await brandAdmin(brand.id);
    const platformHost = new URL(getEnv().GATEHOUSE_URL).hostname;
    const platformDomain = getEnv().EMAIL_FROM.replace(/^.*@/, '').replace(/>\s*$/, '');
    await expectAppError(addBrandHost({ actor: admin, brandId: brand.id, host: `account.${platformHost}` }), 'BRAND_HOST_TAKEN');
    await expectAppError(addBrandHost({ actor: admin, brandId: brand.id, host: `eu.${platformDomain}` }), 'BRAND_HOST_TAKEN');
    await expectAppError(addBrandDomain({ actor: admin, brandId: brand.id, domain: platformDomain }), 'BRAND_DOMAIN_TAKEN');
    expect(await prisma.brandHost.count({ where: { brandId: brand.id } })).toBe(0);
  });

  it('refuses a name above or below another brand\u2019s domain or host, and an e-mail sender below one of its own domains', async () => {
    const [acme, other] = [await createTestBrand(), await createTestBrand()];
    const parent = freshDomain();
    const domain = `mail.${parent}`;
    await addBrandDomain({ actor: await brandAdmin(acme.id), brandId: acme.id, domain });
    const otherAdmin = await brandAdmin(other.id);
    await expectAppError(addBrandDomain({ actor: otherAdmin, brandId: other.id, domain: `eu.${domain}` }), 'BRAND_DOMAIN_TAKEN');
    await expectAppError(addBrandDomain({ actor: otherAdmin, brandId: other.id, domain: parent }), 'BRAND_DOMAIN_TAKEN');
    await expectAppError(addBrandHost({ actor: otherAdmin, brandId: other.id, host: `account.${domain}` }), 'BRAND_HOST_TAKEN');
    // Its own names may nest: account.<its domain> is its host.
    await addBrandHost({ actor: await brandAdmin(acme.id), brandId: acme.id, host: `account.${domain}` });
    // A sender address is at exactly one of the brand's domains, never below one.
    const own = freshDomain();
    await addBrandDomain({ actor: otherAdmin, brandId: other.id, domain: own });
    await expectAppError(updateBrandSenders({ actor: otherAdmin, brandId: other.id, senders: { emailFrom: `security@mail.${own}`, smsSender: null } }), 'INVALID_INPUT');
  });

  it('moves neither a staff account nor a mailbox another brand looks after', async () => {
    const brand = await createTestBrand();
    const domain = freshDomain();
    const staff = await createTestUser({ domain });
    await prisma.roleGrant.create({ data: { userId: staff.id, role: 'PLATFORM_SUPPORT' } });
    const asked = await addBrandDomain({ actor: await brandAdmin(brand.id), brandId: brand.id, domain });
    const approver = await platformAdmin();
    const waiting = (await listDomainRequests({ actor: approver })).find((request) => request.domain === domain);
    expect(asked.outcome).toBe('requested');
    await expectAppError(answerBrandDomainRequest({ actor: approver, requestId: waiting?.id ?? '', answer: 'approve' }), 'BRAND_DOMAIN_HAS_STAFF');
    expect((await brandOf(staff.id)).brandId).not.toBe(brand.id);
    expect(await prisma.brandDomain.count({ where: { domain } })).toBe(0);
  });
});
