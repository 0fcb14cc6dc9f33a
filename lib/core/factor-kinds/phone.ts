import type { Tx } from '@/lib/db/prisma';
import { maskPhoneNumber } from '@/lib/core/mask';
import type { FactorDescription, StateOf } from './kind';
import { SENT_CODE_CHECK, verifySentCode, ZSentCodeResponse } from './sent-code';

// Texts and calls are two kinds held by one phone: the same rows, described once.

export const PHONE_SELECT = {
  phones: { orderBy: { createdAt: 'asc' }, select: { id: true, number: true, isMobileForSms: true } },
  _count: { select: { phones: true } },
} as const;

export type PhoneState = StateOf<typeof PHONE_SELECT>;

export const hasPhone = (state: PhoneState) => state._count.phones > 0;
export const PHONE_SQL = `EXISTS (SELECT 1 FROM "Phone" f WHERE f."userId" = u."id")`;
export const removePhones = (tx: Tx, userId: string) => tx.phone.deleteMany({ where: { userId } });

export function describePhones(state: PhoneState): FactorDescription[] {
  return state.phones.map((phone) => {
    const masked = maskPhoneNumber(phone.number);
    return {
      key: `phone:${phone.id}`,
      method: 'phone',
      label: `Backup phone ${masked}`,
      maskedDestination: masked,
      removal: { phoneId: phone.id },
      isMobileForSms: phone.isMobileForSms,
    };
  });
}

/** The phones a prompt may send to: an SMS password's codes go only to the mobile number. */
export function promptPhones(state: PhoneState, isSmsPassword: boolean) {
  return state.phones.filter((phone) => !isSmsPassword || phone.isMobileForSms);
}

/**
 * What texts and calls share: the phone rows they are held by, their removal, the sent-code check
 * and its throttles, and one description per phone (the read models list a phone once). Each kind
 * adds its facts and its prompt option.
 */
export const PHONE_CODE_KIND = {
  policyCheckedAt: 'send',
  select: PHONE_SELECT,
  isEnrolled: hasPhone,
  enrolledSql: PHONE_SQL,
  removeAll: removePhones,
  ...SENT_CODE_CHECK,
  enrolThrottle: 'verify-phone',
  enrolThrottleLabel: 'Adding a phone',
  responseSchema: ZSentCodeResponse,
  isAcceptedInAnyCodeField: false,
  verify: verifySentCode,
  describe: describePhones,
} as const;
