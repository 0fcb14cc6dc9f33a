// Family and business accounts for tests: made through the real verbs as the console would, so
// the rows are the ones the app writes. Vitest only.
import { randomUUID } from 'node:crypto';
import { addMember } from '@/lib/organisations/add-member';
import { createOrganisation } from '@/lib/organisations/create-organisation';
import { prisma } from '@/lib/db/prisma';
import { addConfirmedPhone, createMfaUser, TEST_CONSOLE } from './users';

/**
 * An organisation whose administrator and `memberCount` members each have an authenticator app
 * and one confirmed phone (the next of `nextNumber`). `credits` are written as a test purchase
 * would leave them; `allowSmsLogins` is the administrator's checkbox.
 */
export async function createTestOrganisation({
  nextNumber,
  memberCount = 1,
  credits = 0,
  allowSmsLogins = true,
  lastPurchaseCredits = credits > 0 ? credits : null,
  kind = 'FAMILY',
  domain,
}: {
  nextNumber: () => string;
  memberCount?: number;
  credits?: number;
  allowSmsLogins?: boolean;
  lastPurchaseCredits?: number | null;
  kind?: 'FAMILY' | 'BUSINESS';
  /** A brand's domain (createTestBrand): the organisation and its people are that brand's. */
  domain?: string;
}) {
  const mfaUser = () => createMfaUser({ domain });
  const admin = await mfaUser();
  const organisation = await createOrganisation({
    actor: TEST_CONSOLE,
    organisation: { name: `Test ${kind.toLowerCase()} ${randomUUID().slice(0, 8)}`, kind, adminEmail: admin.email },
  });
  const members = [];
  for (let i = 0; i < memberCount; i++) {
    const member = await mfaUser();
    await addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: member.email });
    const phone = await addConfirmedPhone(member.id, nextNumber());
    members.push({ ...member, phone });
  }
  await prisma.organisation.update({ where: { id: organisation.id }, data: { creditBalance: credits, allowSmsLogins, lastPurchaseCredits } });
  return { organisation, admin, members };
}

/** The pool and its ledger rows, oldest first. */
export async function poolOf(organisationId: string) {
  const { creditBalance } = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { creditBalance: true } });
  const ledger = await prisma.creditLedgerEntry.findMany({
    where: { organisationId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, credits: true, balanceAfter: true, memberId: true, refundOfId: true, checkoutSessionId: true, stripeEventId: true },
  });
  return { balance: creditBalance, ledger, count: (kind: string) => ledger.filter((row) => row.kind === kind).length };
}
