'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { signOutEverywhere } from '@/lib/sessions/sign-out-everywhere';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import { ZChallengePolicySchema } from '@/lib/policy/policy-settings';
import { issueRecoveryCodes } from '@/lib/support/issue-recovery-codes';
import { issuePasswordResetCode } from '@/lib/recovery/issue-password-reset-code';
import { sendPasswordResetLink } from '@/lib/recovery/send-password-reset-link';
import { resetRememberedLocations } from '@/lib/support/reset-remembered-locations';
import { resetTwoFactor } from '@/lib/support/reset-two-factor';
import type { SupportRequest } from '@/lib/access/change-account';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';
import { SUPPORT_ACTIONS, type SupportActionSlug } from './support-actions';

// What every support form posts: the mailbox, the brand the page showed it in (a mailbox that
// moved since is left alone), the reason and, when the staff member's last second factor is
// older than 10 minutes, a current code. The verbs judge the reason's length with their own
// message; this bound only keeps a huge post from being parsed.
const ZSupportFieldsSchema = {
  userId: z.uuid('Open the mailbox from the support console.'),
  brandId: z.uuid('Open the mailbox from the support console.'),
  reason: z.string().max(10_000, APP_ERRORS.REASON_TOO_LONG.message).default(''),
  code: ZReauthCodeSchema,
};

const ZSupportActionSchema = z.object({
  action: z.enum(Object.keys(SUPPORT_ACTIONS) as [SupportActionSlug, ...SupportActionSlug[]]),
  ...ZSupportFieldsSchema,
  // Disable 2FA only: "also revoke app passwords".
  revokeAppPasswords: z.literal('on', { error: 'A checkbox can only be on or off.' }).optional(),
  // Send a password reset link only: where it goes, when the mailbox has both kinds of destination.
  via: z.enum(['email', 'sms'], { error: 'Choose the alternate address or the backup phone.' }).optional(),
});

/** What a support form shows once, in its own state: never stored in plain text or put in a URL. */
export type SupportActionResult = { codes: string[] } | { resetCode: string; expiresAt: string };

// The wrapper refuses anyone without a staff role or a second factor before reading the form;
// the verbs decide whether this staff member may act on this mailbox, so a forged post for a
// mailbox of another brand, or their own, meets the refusal the page would have shown.
export const supportAction = authedFormAction(
  ZSupportActionSchema,
  async ({ action, userId, brandId, reason, code, revokeAppPasswords, via }, { actor }): Promise<SupportActionResult> => {
    const request: SupportRequest = { actor, userId, reason, code: code ?? null, expectedBrandId: brandId };
    switch (action) {
      case 'recovery-codes':
        // Shown once, in this form's state; never stored in plain text or put in a URL.
        return { codes: (await issueRecoveryCodes(request)).codes };
      case 'password-reset-code': {
        const { resetCode, expiresAt } = await issuePasswordResetCode(request);
        return { resetCode, expiresAt: expiresAt.toISOString() };
      }
      case 'password-reset-link': {
        // Where it went is named on the mailbox page; the link itself is never shown to staff.
        const sent = await sendPasswordResetLink({ ...request, via: via ?? null });
        redirect(`/support/mailboxes/${userId}?done=password-reset-link-${sent.via}`);
      }
      case 'disable-2fa':
        await resetTwoFactor({ ...request, revokeAppPasswords: revokeAppPasswords === 'on' });
        break;
      case 'reset-locations':
        await resetRememberedLocations(request);
        break;
      case 'unlock':
        await unlockSignIn(request);
        break;
      case 'sign-out':
        await signOutEverywhere(request);
        break;
    }
    redirect(`/support/mailboxes/${userId}?done=${action}`);
  },
  { as: 'staff' },
);

export const setMailboxChallengePolicyAction = authedFormAction(
  z.object({ challengePolicy: ZChallengePolicySchema, ...ZSupportFieldsSchema }),
  async ({ challengePolicy, userId, brandId, reason, code }, { actor }) => {
    await setChallengePolicy({ actor, userId, challengePolicy, reason, code: code ?? null, expectedBrandId: brandId });
    redirect(`/support/mailboxes/${userId}?done=challenge`);
  },
  { as: 'staff' },
);
