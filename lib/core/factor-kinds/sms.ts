import { maskPhoneNumber } from '@/lib/core/mask';
import { FACTOR_FACTS } from './methods';
import { defineFactorKind, isMethodAvailable } from './kind';
import { PHONE_CODE_KIND, promptPhones } from './phone';

/** A code texted to a confirmed phone. A restricted authenticator (63B 5.1.3.3). */
export const smsKind = defineFactorKind({
  ...FACTOR_FACTS.sms,
  ...PHONE_CODE_KIND,
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
