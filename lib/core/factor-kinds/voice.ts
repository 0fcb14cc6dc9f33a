import { maskPhoneNumber } from '@/lib/core/mask';
import { FACTOR_FACTS } from './methods';
import { defineFactorKind, isMethodAvailable } from './kind';
import { describePhones, hasPhone, PHONE_SELECT, PHONE_SQL, promptPhones, removePhones } from './phone';
import { SENT_CODE_CHECK, verifySentCode, ZSentCodeResponse } from './sent-code';

/** A code read out in a call to a confirmed phone, after a key press (voicemail must not record it). */
export const voiceKind = defineFactorKind({
  ...FACTOR_FACTS.voice,
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
  // Texts and calls describe the phone under one key: the read models list it once.
  describe: describePhones,
  promptOption: (state, policy, { isSmsPassword, smsNotAllowed, callUnpaid }) =>
    // An SMS password's sign-in is finished by a text only.
    isMethodAvailable(policy, 'voice') && !smsNotAllowed && !callUnpaid && !isSmsPassword
      ? promptPhones(state, isSmsPassword).map((phone) => ({
          method: 'voice' as const,
          key: `voice:${phone.id}`,
          group: `phone:${phone.id}`,
          maskedDestination: maskPhoneNumber(phone.number),
          phoneId: phone.id,
        }))
      : [],
});
