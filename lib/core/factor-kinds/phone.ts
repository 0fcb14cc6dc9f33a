import type { Tx } from '@/lib/db/prisma';
import { maskPhoneNumber } from '@/lib/core/mask';
import type { FactorDescription, StateOf } from './kind';

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
