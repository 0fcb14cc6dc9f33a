import { AppError } from '@/lib/errors/app-error';
import type { Actor } from './actor';

export const MAX_REASON_LENGTH = 1000;

/**
 * Staff and the console say in writing why they act on someone's mailbox (SECURITY.md, "Tenancy,
 * roles and staff"); the reason goes into the audit row. The owner acting on their own account
 * needs none: null.
 */
export function requireReason(actor: Actor, reason: string | null | undefined): string | null {
  if (actor.kind !== 'staff' && actor.kind !== 'console') return null;
  const trimmed = (reason ?? '').trim();
  if (trimmed.length === 0) throw new AppError('REASON_REQUIRED');
  if (trimmed.length > MAX_REASON_LENGTH) throw new AppError('REASON_TOO_LONG');
  return trimmed;
}
