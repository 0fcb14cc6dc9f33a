import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { hasAuthenticatorApp, isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';

export type SubjectAccount = { id: string; email: string; isMfaEnabled: boolean; hasAuthenticatorApp: boolean };

/** The account a verb acts on, read fresh: never what the actor's page or session remembered. */
export async function readSubject(userId: string): Promise<SubjectAccount> {
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, ...MFA_STATE_SELECT } });
  if (!row) throw new AppError('USER_NOT_FOUND');
  return { id: row.id, email: row.email, isMfaEnabled: isMfaEnabled(row), hasAuthenticatorApp: hasAuthenticatorApp(row) };
}
