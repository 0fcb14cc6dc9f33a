import type { ComponentType } from 'react';
import type { SecondFactorMethod } from '@/lib/core/factor-kinds';
import { EmailOption } from './email-option';
import type { OptionProps } from './option-props';
import { SmsOption } from './sms-option';
import { VoiceOption } from './voice-option';

/**
 * The token prompt's component for each kind's option, under "Other ways to get a code". Every
 * kind of the registry has an entry (the type says so); null for the kinds answered in the Token
 * field itself (the authenticator's code, a backup code).
 */
export const OPTION_COMPONENTS: { [M in SecondFactorMethod]: ComponentType<OptionProps> | null } = {
  totp: null,
  backup_code: null,
  sms: SmsOption,
  voice: VoiceOption,
  email: EmailOption,
};
