import type { Actor } from '@/lib/core/actor';
import { grantRole } from '@/lib/access/grant-role';
import { ROLE_WORDS, type RoleWord } from '@/lib/core/roles';
import { createBrand } from '@/lib/brands/create-brand';
import { prisma } from '@/lib/db/prisma';
import { addMember } from '@/lib/organisations/add-member';
import { createOrganisation } from '@/lib/organisations/create-organisation';
import { updateBrandCredits } from '@/lib/credits/update-brand-credits';
import { updateBrandSenders } from '@/lib/brands/update-brand-senders';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashPassword, verifyPassword } from '@/lib/core/hash-password';
import { isProduction } from '@/lib/config/env';
import { createUser } from './create-user';
import { ensureDemoPasswords, ensureDemoSecret, readDemoPasswords, type DemoPasswords } from './demo-passwords';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { createTotpSecret } from '@/lib/core/factor-kinds/codes/totp-code';
import { encryptSecret } from '@/lib/crypto/secret-box';

// Two resellers' brands for trying Gatehouse on the embedded defaults (README.md lists them).
export const DEMO_BRANDS = [
  { name: 'Acme Mail', slug: 'acme', domains: ['acme.example'], hosts: ['account.acme.example'], supportContact: 'help@acme.example' },
  { name: 'Globex Mail', slug: 'globex', domains: ['globex.example'], hosts: ['account.globex.example'], supportContact: 'https://support.globex.example' },
] as const;

// The accounts README.md lists: a mailbox of each brand, the platform's staff, each brand's
// administrator. Their passwords are made per installation (./demo-passwords.ts), never written here.
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; role: RoleWord | null; brand: string | null }> = [
  { email: 'mailbox@example.com', role: null, brand: null },
  { email: 'support@example.com', role: 'platform-support', brand: null },
  { email: 'admin@example.com', role: 'platform-admin', brand: null },
  { email: 'user@acme.example', role: null, brand: null },
  { email: 'admin@acme.example', role: 'brand-admin', brand: 'acme' },
  { email: 'support@acme.example', role: 'brand-support', brand: 'acme' },
  { email: 'user@globex.example', role: null, brand: null },
  { email: 'admin@globex.example', role: 'brand-admin', brand: 'globex' },
  { email: 'parent@acme.example', role: null, brand: null },
  { email: 'teen@acme.example', role: null, brand: null },
  { email: 'boss@globex.example', role: null, brand: null },
  { email: 'billing@globex.example', role: null, brand: null },
];

// The passwords an earlier README printed for every installation. An account that still has one
// is taken over by anyone who read it, so seeding replaces it (and ends its sessions).
export const PUBLISHED_DEMO_PASSWORDS: Readonly<Record<string, string>> = {
  'mailbox@example.com': 'demo-mailbox-2026',
  'support@example.com': 'demo-support-2026',
  'admin@example.com': 'demo-admin-2026',
  'user@acme.example': 'demo-acme-user-2026',
  'admin@acme.example': 'demo-acme-admin-2026',
  'support@acme.example': 'demo-acme-support-2026',
  'user@globex.example': 'demo-globex-user-2026',
  'admin@globex.example': 'demo-globex-admin-2026',
  'parent@acme.example': 'demo-acme-parent-2026',
  'teen@acme.example': 'demo-acme-teen-2026',
};

// A family account of Acme's: parent@ administers it, teen@ is its member (README.md).
export const DEMO_FAMILY = { name: 'The Smiths', kind: 'FAMILY', admin: 'parent@acme.example', members: ['teen@acme.example'] } as const;

// A business account of Globex's: boss@ administers it, billing@ is its billing contact (README.md).
export const DEMO_BUSINESS = { name: 'Globex Widgets', kind: 'BUSINESS', admin: 'boss@globex.example', billing: ['billing@globex.example'] } as const;

// Acme sends from its own address and SMS sender ID, so its mailboxes' e-mails come from "Acme Mail
// <security@acme.example>" and its texts (where the country takes sender IDs: not to US numbers) from
// "Acme Mail"; Globex keeps the platform's senders, its messages still in its own name.
export const DEMO_SENDERS = { slug: 'acme', emailFrom: 'security@acme.example', smsSender: 'Acme Mail' } as const;

// An administrator or billing contact changes nothing without a second factor of its own, so the
// demo organisations' ones get an authenticator app; its key is this installation's, kept with the
// passwords and printed by `npx gatehouse demo show` (README.md).
export const DEMO_AUTHENTICATOR_ACCOUNTS: readonly string[] = [DEMO_FAMILY.admin, DEMO_BUSINESS.admin, ...DEMO_BUSINESS.billing];
export function demoAuthenticatorKeyName(email: string): string {
  return `${email} authenticator key`;
}

// Globex has mailboxes pay for their own texts, so user@globex.example (in no organisation) shows
// a mailbox's own SMS credits; Acme and the default brand leave texts to the platform.
const DEMO_MAILBOXES_PAY = 'globex';

/**
 * Creates whichever demo brands and accounts do not exist yet, with this installation's random
 * passwords (.data/demo-passwords.json, made on first use). An existing demo account keeps its
 * password unless that is one of the published ones, or the passwords file was just made (so the
 * file always tells the truth about a fresh installation); a replaced password ends the account's
 * sessions, and a published one resets the account (replaceDemoPassword). Development only: production has no demo accounts.
 */
export async function seedDemoAccounts({ actor, passwordsFile }: { actor: Actor; passwordsFile?: string }): Promise<{
  created: string[];
  replaced: string[];
  hadPublishedPassword: string[];
  passwords: DemoPasswords;
}> {
  if (isProduction()) throw new Error('Demo accounts exist only in development; GATEHOUSE_ENV is production.');
  await authorize(actor, 'account.create', 'platform');
  const { passwords, isNew } = ensureDemoPasswords({ emails: DEMO_ACCOUNTS.map((account) => account.email), file: passwordsFile });
  const created: string[] = [];
  const replaced: string[] = [];
  const hadPublishedPassword: string[] = [];
  for (const brand of DEMO_BRANDS) {
    if (await prisma.brand.findUnique({ where: { slug: brand.slug }, select: { id: true } })) continue;
    await createBrand({ actor, brand: { ...brand, domains: [...brand.domains], hosts: [...brand.hosts] } });
  }
  for (const account of DEMO_ACCOUNTS) {
    const password = passwords[account.email] as string;
    const existing = await prisma.user.findUnique({ where: { email: account.email }, select: { id: true, passwordHash: true } });
    if (existing) {
      const published = PUBLISHED_DEMO_PASSWORDS[account.email];
      const isPublished = published !== undefined && (await verifyPassword({ password: published, passwordHash: existing.passwordHash }));
      if (isNew.has(account.email) || isPublished) {
        await replaceDemoPassword({ actor, userId: existing.id, password, isPublished });
        replaced.push(account.email);
        if (isPublished) hadPublishedPassword.push(account.email);
      }
      continue;
    }
    const user = await createUser({ email: account.email, password }, { actor });
    if (account.role) {
      const brand = account.brand ? await prisma.brand.findUniqueOrThrow({ where: { slug: account.brand }, select: { id: true } }) : null;
      await grantRole({ actor, userId: user.id, role: ROLE_WORDS[account.role], brandId: brand?.id ?? null });
    }
    created.push(account.email);
  }
  if (!(await prisma.organisation.findFirst({ where: { name: DEMO_FAMILY.name }, select: { id: true } }))) {
    const family = await createOrganisation({ actor, organisation: { name: DEMO_FAMILY.name, kind: DEMO_FAMILY.kind, adminEmail: DEMO_FAMILY.admin } });
    for (const email of DEMO_FAMILY.members) await addMember({ actor, organisationId: family.id, email });
    created.push(`${DEMO_FAMILY.name} (family)`);
  }
  if (!(await prisma.organisation.findFirst({ where: { name: DEMO_BUSINESS.name }, select: { id: true } }))) {
    const business = await createOrganisation({ actor, organisation: { name: DEMO_BUSINESS.name, kind: DEMO_BUSINESS.kind, adminEmail: DEMO_BUSINESS.admin } });
    for (const email of DEMO_BUSINESS.billing) await addMember({ actor, organisationId: business.id, email, role: 'BILLING' });
    created.push(`${DEMO_BUSINESS.name} (business)`);
  }
  const senders = await prisma.brand.findUniqueOrThrow({ where: { slug: DEMO_SENDERS.slug }, select: { id: true, emailFrom: true, smsSender: true } });
  if (senders.emailFrom === null && senders.smsSender === null) {
    await updateBrandSenders({ actor, brandId: senders.id, senders: { emailFrom: DEMO_SENDERS.emailFrom, smsSender: DEMO_SENDERS.smsSender } });
  }
  for (const email of DEMO_AUTHENTICATOR_ACCOUNTS) await giveDemoAuthenticator({ actor, email, passwordsFile });
  const mailboxesPay = await prisma.brand.findUniqueOrThrow({ where: { slug: DEMO_MAILBOXES_PAY }, select: { id: true, textsPaidBy: true } });
  if (mailboxesPay.textsPaidBy !== 'MAILBOX') await updateBrandCredits({ actor, brandId: mailboxesPay.id, textsPaidBy: 'MAILBOX' });
  // Re-read: the authenticator keys given just now are in the file too.
  return { created, replaced, hadPublishedPassword, passwords: readDemoPasswords(passwordsFile) ?? passwords };
}

// A demo administrator or billing contact with no second factor (just made, or reset because it
// had a published password) gets an authenticator app with this installation's key, audited.
async function giveDemoAuthenticator({ actor, email, passwordsFile }: { actor: Actor; email: string; passwordsFile?: string }) {
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true, ...MFA_STATE_SELECT } });
  if (isMfaEnabled(user)) return;
  const secret = ensureDemoSecret({ key: demoAuthenticatorKeyName(email), make: createTotpSecret, file: passwordsFile });
  await prisma.$transaction(async (tx) => {
    await tx.totpCredential.deleteMany({ where: { userId: user.id } });
    await tx.totpCredential.create({ data: { userId: user.id, encryptedSecret: encryptSecret({ plaintext: secret, boundTo: user.id }), confirmedAt: new Date() } });
    await recordAuditEvent(tx, { type: 'mfa.enabled', actor, subjectId: user.id, detail: { factor: 'totp', demo: 'authenticator key of this installation' } });
  });
}

// The new password, every session and waiting sign-in ended, and the audit row, together. An
// account that had a published password is treated as taken over: everything an intruder could
// have attached to it to keep a way in (an authenticator, backup codes, phones, an alternate
// address, app passwords, alternative logins, remembered places) goes too.
async function replaceDemoPassword({ actor, userId, password, isPublished }: { actor: Actor; userId: string; password: string; isPublished: boolean }) {
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { passwordHash, ...(isPublished && { enrolmentDeadline: null }) }, select: { id: true } });
    const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
    if (isPublished) {
      const where = { where: { userId } };
      await tx.totpCredential.deleteMany(where);
      await tx.backupCode.deleteMany(where);
      await tx.phone.deleteMany(where);
      await tx.alternateEmail.deleteMany(where);
      await tx.oneTimeCode.deleteMany(where);
      await tx.appPassword.deleteMany(where);
      await tx.alternativeLogin.deleteMany(where);
      await tx.rememberedLocation.deleteMany(where);
    }
    await recordAuditEvent(tx, {
      type: 'password.changed',
      actor,
      subjectId: userId,
      detail: { demo: isPublished ? 'published password replaced; account reset' : 'new installation password', sessionsEnded: count },
    });
  });
}
