// `gatehouse support …`: see USAGE in lib/cli/run.ts.
import { AppError } from '@/lib/errors/app-error';
import { challengePolicyOfWord } from '../policy-flags';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import { signOutEverywhere } from '@/lib/sessions/sign-out-everywhere';
import { CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import { issueRecoveryCodes } from '@/lib/support/issue-recovery-codes';
import { issuePasswordResetCode } from '@/lib/recovery/issue-password-reset-code';
import { sendPasswordResetLink } from '@/lib/recovery/send-password-reset-link';
import { resetRememberedLocations } from '@/lib/support/reset-remembered-locations';
import { resetTwoFactor } from '@/lib/support/reset-two-factor';
import type { Commands } from '../command';
import { unlockCommand } from './user';

export const supportCommands: Commands = {
  // The same command as `user unlock`, where support staff look for it.
  'support unlock': unlockCommand,
  'support disable-2fa': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const { removed, appPasswordsRevoked } = await resetTwoFactor({
      actor,
      userId: user.id,
      reason: values.reason,
      revokeAppPasswords: values['revoke-app-passwords'],
    });
    out.log(
      `Turned off two-factor authentication for ${user.email} (removed: ${removed.join(', ')}${appPasswordsRevoked ? `, ${appPasswordsRevoked} app passwords` : ''}) ` +
        'and signed it out everywhere; they were told by e-mail.',
    );
    return 0;
  },
  'support recovery-codes': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const { codes } = await issueRecoveryCodes({ actor, userId: user.id, reason: values.reason });
    out.log(`New backup codes for ${user.email}. They are shown only now; hand them over only after the brand's identity check:`);
    for (const code of codes) out.log(`  ${code}`);
    return 0;
  },
  // A link to the mailbox's confirmed alternate address or backup phone; the operator never sees it.
  // `--via code` instead prints a single-use reset code, only for a mailbox with neither (`--code`
  // already names the 6-digit code other commands read back).
  'support password-reset': async ({ actor, values, out }) => {
    const via = values.via ?? null;
    if (via !== null && via !== 'email' && via !== 'sms' && via !== 'code') {
      throw new AppError('INVALID_INPUT', { fieldErrors: { via: ['Use email, sms or code.'] } });
    }
    const user = await findUserByEmail(values.email ?? '');
    if (via === 'code') {
      const { resetCode, expiresAt } = await issuePasswordResetCode({ actor, userId: user.id, reason: values.reason });
      out.log(`A password reset code for ${user.email}, shown only now; hand it over only after the brand's identity check:`);
      out.log(`  ${resetCode}`);
      out.log(`It works once, until ${expiresAt.toISOString()}, at "Forgot password?" -> "I have a reset code from support"; they were told by e-mail.`);
      return 0;
    }
    const { sentTo, expiresAt } = await sendPasswordResetLink({ actor, userId: user.id, reason: values.reason, via });
    out.log(`Sent a password reset link for ${user.email} to ${sentTo}; it works once, until ${expiresAt.toISOString()}. They were told by e-mail.`);
    return 0;
  },
  'support reset-locations': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const { forgotten } = await resetRememberedLocations({ actor, userId: user.id, reason: values.reason });
    out.log(`Forgot ${forgotten} remembered addresses and countries of ${user.email}; they were told by e-mail.`);
    return 0;
  },
  'support sign-out': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const { revoked } = await signOutEverywhere({ actor, userId: user.id, reason: values.reason });
    out.log(`Ended ${revoked} sessions of ${user.email}; they were told by e-mail.`);
    return 0;
  },
  'support challenge': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const challengePolicy = challengePolicyOfWord(values.policy ?? '');
    if (!challengePolicy) throw new AppError('INVALID_INPUT', { fieldErrors: { policy: ['Use always, new-ip, new-country or never.'] } });
    await setChallengePolicy({ actor, userId: user.id, challengePolicy, reason: values.reason });
    out.log(`${user.email} is now asked for a code: ${CHALLENGE_POLICY_LABELS[challengePolicy].toLowerCase()}; they were told by e-mail.`);
    return 0;
  },
};
