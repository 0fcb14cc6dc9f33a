import type { Prisma } from '@/lib/db/generated/client';
import type { Tx } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';

export const AUDIT_EVENT_TYPES = {
  'user.created': 'Account created',
  'sign_in.succeeded': 'Signed in',
  'sign_in.failed': 'Failed sign-in: wrong password',
  'sign_in.password_verified': 'Password accepted, waiting for the second factor',
  'sign_in.second_factor_failed': 'Failed sign-in: wrong code',
  'totp.code_reused': 'A code that was already used was refused',
  'mfa.enabled': 'Two-factor authentication turned on',
  'totp.added': 'Authenticator app added',
  'mfa.disabled': 'Two-factor authentication turned off',
  'mfa.disable_failed': 'Failed attempt to turn off two-factor authentication',
  'backup_codes.regenerated': 'New backup codes created',
  'backup_code.used': 'Backup code used to sign in',
  'session.signed_out': 'Signed out',
  'session.signed_out_everywhere': 'Signed out everywhere',
  'session.signed_out_others': 'Signed out of every other session',
  'policy.changed': 'Two-factor policy changed',
  'sign_in.unlocked': 'Sign-in unlocked by support after too many failures',
  'phone.added': 'Backup phone added',
  'phone.removed': 'Backup phone removed',
  'alternate_email.added': 'Alternate e-mail address added',
  'alternate_email.removed': 'Alternate e-mail address removed',
  'code.sent': 'Code sent',
  'code.send_refused': 'Code not sent: a limit was reached',
  'code.send_failed': 'Code could not be delivered',
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

/**
 * Always called with the transaction that makes the change it records, so a change and its audit
 * row commit together or not at all.
 */
export async function recordAuditEvent(
  tx: Tx,
  {
    type,
    userId,
    actorId,
    request,
    detail,
  }: {
    type: AuditEventType;
    userId: string | null;
    actorId?: string | null;
    request?: RequestContext | null;
    detail?: Prisma.InputJsonObject;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      type,
      userId,
      actorId: actorId ?? null,
      ip: request?.ip ?? null,
      userAgent: request?.userAgent ?? null,
      detail,
    },
  });
}
