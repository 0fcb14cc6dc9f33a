import { SendCodeButton } from '../token-form';
import type { OptionProps } from './option-props';
import { phoneIdOf } from './sms-option';

/** "Call me" at one phone: the call reads the code out after a key press. */
export function VoiceOption({ option }: OptionProps) {
  return <SendCodeButton channel="VOICE" phoneId={phoneIdOf(option)} label="Call me" description={option.maskedDestination ?? ''} />;
}
