import { maskEmail } from '@/lib/core/mask';
import { FACTOR_FACTS } from './methods';
import { defineFactorKind, isMethodAvailable } from './kind';
import { SENT_CODE_CHECK, verifySentCode, ZSentCodeResponse } from './sent-code';

/** A code e-mailed to a confirmed address other than the mailbox itself. */
export const emailKind = defineFactorKind({
  ...FACTOR_FACTS.email,
  policyCheckedAt: 'send',
  select: { alternateEmail: { select: { id: true, address: true } } },
  isEnrolled: (state) => state.alternateEmail !== null,
  enrolledSql: `EXISTS (SELECT 1 FROM "AlternateEmail" f WHERE f."userId" = u."id")`,
  removeAll: (tx, userId) => tx.alternateEmail.deleteMany({ where: { userId } }),
  ...SENT_CODE_CHECK,
  enrolThrottle: 'verify-email',
  enrolThrottleLabel: 'Adding an e-mail address',
  responseSchema: ZSentCodeResponse,
  isAcceptedInAnyCodeField: false,
  verify: verifySentCode,
  describe: (state) =>
    state.alternateEmail
      ? [
          {
            key: 'alternate-email',
            method: 'email',
            label: `E-mail codes to ${maskEmail(state.alternateEmail.address)}`,
            maskedDestination: maskEmail(state.alternateEmail.address),
            removal: { alternateEmail: true },
          },
        ]
      : [],
  promptOption: (state, policy, { isSmsPassword }) =>
    !isSmsPassword && state.alternateEmail && isMethodAvailable(policy, 'email')
      ? [{ method: 'email', key: 'email', group: 'email', maskedDestination: maskEmail(state.alternateEmail.address) }]
      : [],
});
