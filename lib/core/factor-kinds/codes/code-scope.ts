import type { Prisma } from '@/lib/db/generated/client';

/** What a code is bound to: one pending login, or one user's verification of a new number or address. */
export type CodeScope =
  | { purpose: 'SIGN_IN'; userId: string; pendingLoginId: string }
  | { purpose: 'VERIFY_PHONE' | 'VERIFY_EMAIL'; userId: string };

export function scopeWhere(scope: CodeScope): Prisma.OneTimeCodeWhereInput {
  return scope.purpose === 'SIGN_IN'
    ? { userId: scope.userId, purpose: 'SIGN_IN', pendingLoginId: scope.pendingLoginId }
    : { userId: scope.userId, purpose: scope.purpose };
}
