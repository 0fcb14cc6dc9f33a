import { maskPhoneNumber } from '@/lib/core/mask';
import { FACTOR_FACTS } from './methods';
import { defineFactorKind, isMethodAvailable } from './kind';
import { PHONE_CODE_KIND, promptPhones } from './phone';

/** A code read out in a call to a confirmed phone, after a key press (voicemail must not record it). */
export const voiceKind = defineFactorKind({
  ...FACTOR_FACTS.voice,
  ...PHONE_CODE_KIND,
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
