import type { Prisma } from '@/lib/db/generated/client';

/**
 * What a code is bound to: one pending login, one user's verification of a new number or address,
 * or one password recovery (a code for one recovery, or one mailbox, never proves another).
 */
export type CodeScope =
  | { purpose: 'SIGN_IN'; userId: string; pendingLoginId: string }
  | { purpose: 'VERIFY_PHONE' | 'VERIFY_EMAIL'; userId: string }
  | { purpose: 'RECOVERY'; userId: string; passwordRecoveryId: string };

export function scopeWhere(scope: CodeScope): Prisma.OneTimeCodeWhereInput {
  if (scope.purpose === 'SIGN_IN') return { userId: scope.userId, purpose: 'SIGN_IN', pendingLoginId: scope.pendingLoginId };
  if (scope.purpose === 'RECOVERY') return { userId: scope.userId, purpose: 'RECOVERY', passwordRecoveryId: scope.passwordRecoveryId };
  return { userId: scope.userId, purpose: scope.purpose };
}

/** The row a code of this scope is bound to, as its resend wait names it. */
export function scopeBinding(scope: CodeScope): string {
  if (scope.purpose === 'SIGN_IN') return scope.pendingLoginId;
  if (scope.purpose === 'RECOVERY') return scope.passwordRecoveryId;
  return scope.userId;
}
