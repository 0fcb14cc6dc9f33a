import type { FactorPromptOption } from '@/lib/core/factor-kinds';
import { SendCodeButton } from '../token-form';
import type { OptionProps } from './option-props';

/** "Text me a code" to one phone (an SMS password's prompt asks for a new one). */
export function SmsOption({ option, isSmsPassword }: OptionProps) {
  return <SendCodeButton channel="SMS" phoneId={phoneIdOf(option)} label={isSmsPassword ? 'Text me a new code' : 'Text me a code'} description={option.maskedDestination ?? ''} />;
}

export function phoneIdOf(option: FactorPromptOption): string {
  if (!option.phoneId) throw new Error(`The ${option.method} option names no phone`);
  return option.phoneId;
}
