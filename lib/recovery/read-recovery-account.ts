import { deliversIntoMailbox } from '@/lib/alternate-email/delivers-into-mailbox';
import { backupCodeKind } from '@/lib/core/factor-kinds/backup-code';
import { hasAuthenticatorApp, isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { maskEmail, maskPhoneNumber } from '@/lib/core/mask';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';

/**
 * Where a recovery code can go, as the page names it: `key` is what the form posts ("email",
 * "phone-1"), never a row id, so a decoy's form looks like a mailbox's. `to` is the real number
 * or address, null for a decoy.
 */
export type RecoveryDestination = {
  key: string;
  channel: 'EMAIL' | 'SMS';
  masked: string;
  to: string | null;
  countryCode?: string | null;
  /** A real backup phone the owner marked as the mobile number for SMS logins. */
  isMobileForSms?: boolean;
};

/** What a recovery needs to know of the mailbox it is for. */
export type RecoveryAccount = {
  userId: string;
  email: string;
  isMfaEnabled: boolean;
  hasAuthenticatorApp: boolean;
  hasBackupCodes: boolean;
  destinations: RecoveryDestination[];
  brandName: string;
  supportContact: string | null;
  /** Whether its brand's policy offers texts: a decoy shown for it offers a phone only then. */
  smsAvailable: boolean;
};

/**
 * The mailbox's ways back in: its confirmed alternate address (unless it delivers into the mailbox
 * itself) and its backup phones by text where texts are available, never the mailbox itself;
 * whether it has a second factor, and its brand's support for when recovery cannot go on alone.
 */
export async function readRecoveryAccount({ userId }: { userId: string }): Promise<RecoveryAccount | null> {
  const [user, policy] = await Promise.all([
    prisma.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        ...MFA_STATE_SELECT,
        phones: { select: { id: true, number: true, isMobileForSms: true, countryCode: true }, orderBy: [{ createdAt: 'asc' }, { number: 'asc' }] },
        brand: { select: { name: true, supportContact: true } },
      },
    }),
    getEffectivePolicy({ userId }),
  ]);
  if (!user) return null;
  const destinations: RecoveryDestination[] = [];
  if (user.alternateEmail && !deliversIntoMailbox(user.alternateEmail.address, user.email)) {
    destinations.push({ key: 'email', channel: 'EMAIL', masked: maskEmail(user.alternateEmail.address), to: user.alternateEmail.address });
  }
  if (policy.settings.smsAvailable) {
    // A number in a country texts may not go to could never get a code: it is not offered (a
    // decoy never shows one, and its refusal would tell the two apart).
    const allowed = getEnv().SMS_ALLOWED_COUNTRIES;
    user.phones.filter((phone) => phone.countryCode && allowed.has(phone.countryCode)).forEach((phone, index) =>
      destinations.push({ key: `phone-${index + 1}`, channel: 'SMS', masked: maskPhoneNumber(phone.number), to: phone.number, countryCode: phone.countryCode, isMobileForSms: phone.isMobileForSms }),
    );
  }
  return {
    userId: user.id,
    email: user.email,
    isMfaEnabled: isMfaEnabled(user),
    hasAuthenticatorApp: hasAuthenticatorApp(user),
    hasBackupCodes: backupCodeKind.isEnrolled(user),
    destinations,
    brandName: user.brand.name,
    supportContact: user.brand.supportContact,
    smsAvailable: policy.settings.smsAvailable,
  };
}
