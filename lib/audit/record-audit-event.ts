import type { Prisma } from '@/lib/db/generated/client';
import type { Tx } from '@/lib/db/prisma';
import type { ActorKind } from '@/lib/db/generated/enums';
import { actingUserId, type AuditedActor } from './audited-actor';

export const AUDIT_EVENT_TYPES = {
  'user.created': 'Account created',
  'sign_in.succeeded': 'Signed in',
  'sign_in.failed': 'Failed sign-in: wrong password',
  'sign_in.password_verified': 'Password accepted, waiting for the second factor',
  'sign_in.second_factor_failed': 'Failed sign-in: wrong code',
  'password.changed': 'Password changed, and every other session signed out',
  'password.change_failed': 'Failed attempt to change the password: wrong current password',
  'password.recovered': 'Password reset through recovery, and every session signed out',
  'password.recovery_proof_failed': 'Failed attempt to recover the password: wrong code',
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
  'access.refused': 'Refused: not allowed to do that',
  'role.granted': 'Staff role granted',
  'role.revoked': 'Staff role revoked',
  'brand.created': 'Brand created',
  'brand.deleted': 'Brand deleted',
  'brand.settings_changed': 'Brand settings changed',
  'brand.domain_added': 'Mail domain added to the brand',
  'brand.domain_removed': 'Mail domain removed from the brand',
  'brand.domain_requested': 'Mail domain with mailboxes asked for: waiting for a platform administrator',
  'brand.domain_request_cancelled': 'Request for a mail domain cancelled',
  'brand.domain_request_approved': 'Request for a mail domain approved: its mailboxes moved into the brand',
  'brand.domain_request_refused': 'Request for a mail domain refused',
  'brand.host_added': 'Host name added to the brand',
  'brand.host_removed': 'Host name removed from the brand',
  'mailbox.brand_moved': 'Mailbox moved into another brand with its domain: the new brand\u2019s policy and enrolment period apply',
  'enrolment.period_started': 'Two-factor authentication required: the enrolment period started',
  'enrolment.postponed': 'Set up later: signed in without a second factor during the enrolment period',
  'brand.look_changed': 'Brand look changed (name, colour, logo, support contact or stylesheet)',
  'brand.senders_changed': 'Brand senders changed (the address its e-mails come from, its SMS sender)',
  'sign_in.new_country': 'Signed in from a country not used before',
  'sign_in.alternative_login_refused': 'An alternative login was refused (used before, staff account, or not two factors where the brand requires them)',
  'one_time_password.used': 'A one-time password from the printed list was used',
  'challenge_policy.changed': 'When the code is asked for changed',
  'challenge_policy.withdrawn': 'The chosen challenge policy was withdrawn by the brand or the platform: asked always',
  'location.forgotten': 'A remembered location was forgotten',
  'support.two_factor_reset': 'Support turned two-factor authentication off (lost phone)',
  'support.recovery_codes_issued': 'Support issued new recovery codes',
  'support.password_reset_link_sent': 'Support sent a password reset link to a confirmed alternate address or phone',
  'support.password_reset_code_issued': 'Support issued a single-use password reset code',
  'support.locations_reset': 'Support reset the remembered locations',
  'support.mailbox_viewed': 'Support opened the mailbox',
  'app_password.created': 'App password created',
  'app_password.revoked': 'App password revoked',
  'phone.mobile_set': 'Mobile number for SMS logins chosen',
  'alternative_login.created': 'Alternative login created',
  'alternative_login.deleted': 'Alternative login deleted',
  'mail_login.failed': 'Failed mail-app sign-in: wrong password',
  'mail_login.refused': 'Mail-app sign-in refused: the account password or an app password was not allowed',
  'organisation.created': 'Family or business account created',
  'organisation.member_added': 'Added to a family or business account',
  'organisation.invitation_sent': 'Invited to a family or business account',
  'organisation.invitation_accepted': 'Invitation to a family or business account accepted',
  'organisation.invitation_declined': 'Invitation to a family or business account declined',
  'organisation.invitation_cancelled': 'Invitation to a family or business account cancelled',
  'organisation.member_removed': 'Removed from a family or business account',
  'organisation.member_role_changed': 'Role in a family or business account changed',
  'organisation.preferences_changed': 'Family or business account preferences changed',
  'credits.brand_settings_changed': 'Who pays for texts, or the SMS credit packs, changed for a brand',
  'organisation.two_factor_requirement_changed': 'Family or business account: two-factor authentication for members required or no longer required',
  'organisation.member_reminded': 'Reminded by an administrator of the family or business account to set up two-factor authentication',
  'organisation.member_two_factor_reset': 'An administrator of the family or business account turned two-factor authentication off (lost phone)',
  'organisation.member_reset_cancelled': 'A reset of an administrator\u2019s two-factor authentication was cancelled before it was confirmed',
  'organisation.member_reset_requested': 'An administrator asked to reset another administrator\u2019s two-factor authentication: a second administrator must confirm',
  'credits.checkout_started': 'Started buying SMS credits',
  'credits.purchased': 'SMS credits bought',
  'credits.adjusted': 'SMS credits adjusted by support',
  'credits.payment_refunded': 'SMS credits taken back: Stripe refunded their payment',
  'credits.payment_disputed': 'SMS credits taken back: their payment is disputed',
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

// An enrolling owner proved the password of their own account: it is the owner acting.
export const ACTOR_KIND = {
  self: 'SELF',
  staff: 'STAFF',
  console: 'CONSOLE',
  visitor: 'VISITOR',
  enrolling: 'SELF',
  // Not signed in: whoever holds the recovery's proofs; its audit row names them.
  recovering: 'VISITOR',
  'mail-client': 'MAIL_CLIENT',
} as const satisfies Record<
  AuditedActor['kind'],
  ActorKind
>;

/**
 * Writes one audit row: who acted and on whom come from the same `actor` the verb authorised, so
 * a staff or console change can never be recorded as the user's own. `db` is the transaction that
 * makes the change it records, so the two commit together; an event that changes nothing (a
 * refusal, a failed code) passes the client. The row belongs to the subject's brand (its
 * Activity page), or to `brandId` for a change of a brand's own settings; a platform-wide change
 * has neither.
 */
export async function recordAuditEvent(
  db: Pick<Tx, 'auditEvent' | 'user'>,
  {
    type,
    actor,
    subjectId,
    brandId,
    detail,
  }: { type: AuditEventType; actor: AuditedActor; subjectId: string | null; brandId?: string; detail?: Prisma.InputJsonObject },
): Promise<void> {
  const brandOfRow =
    brandId ?? (subjectId ? (await db.user.findUnique({ where: { id: subjectId }, select: { brandId: true } }))?.brandId : undefined) ?? null;
  await db.auditEvent.create({
    data: {
      type,
      userId: subjectId,
      brandId: brandOfRow,
      actorKind: ACTOR_KIND[actor.kind],
      actorId: actingUserId(actor),
      operator: actor.kind === 'console' ? actor.operator : null,
      // The console has no address; its operator is named instead.
      ip: actor.kind === 'console' ? null : actor.request.ip,
      userAgent: actor.kind === 'console' ? null : actor.request.userAgent,
      detail,
    },
  });
}
