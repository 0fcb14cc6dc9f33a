import { maskPhoneNumber } from '@/lib/core/mask';
import { FACTOR_FACTS } from './methods';
import { defineFactorKind, isMethodAvailable } from './kind';
import { describePhones, hasPhone, PHONE_SELECT, PHONE_SQL, promptPhones, removePhones } from './phone';
import { SENT_CODE_CHECK, verifySentCode, ZSentCodeResponse } from './sent-code';

/** A code texted to a confirmed phone. A restricted authenticator (63B 5.1.3.3). */
export const smsKind = defineFactorKind({
  ...FACTOR_FACTS.sms,
  policyCheckedAt: 'send',
  select: PHONE_SELECT,
  isEnrolled: hasPhone,
  enrolledSql: PHONE_SQL,
  removeAll: removePhones,
  ...SENT_CODE_CHECK,
  enrolThrottle: 'verify-phone',
  enrolThrottleLabel: 'Adding a phone',
  responseSchema: ZSentCodeResponse,
  isAcceptedInAnyCodeField: false,
  verify: verifySentCode,
  describe: describePhones,
  promptOption: (state, policy, { isSmsPassword, smsNotAllowed }) =>
    isMethodAvailable(policy, 'sms') && !smsNotAllowed
      ? promptPhones(state, isSmsPassword).map((phone) => ({
          method: 'sms' as const,
          key: `sms:${phone.id}`,
          group: `phone:${phone.id}`,
          maskedDestination: maskPhoneNumber(phone.number),
          phoneId: phone.id,
        }))
      : [],
});
