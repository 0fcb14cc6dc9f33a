import type { AppPasswordSlot } from '@/lib/db/generated/enums';

/**
 * OpenSRS's rule: up to four app passwords per mailbox. Each holds one slot and (userId, slot) is
 * unique in the database, so a fifth cannot exist whatever runs in parallel.
 */
export const APP_PASSWORD_SLOTS = ['SLOT_1', 'SLOT_2', 'SLOT_3', 'SLOT_4'] as const satisfies readonly AppPasswordSlot[];
export const MAX_APP_PASSWORDS = APP_PASSWORD_SLOTS.length;
