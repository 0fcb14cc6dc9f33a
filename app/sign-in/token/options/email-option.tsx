import { SendCodeButton } from '../token-form';
import type { OptionProps } from './option-props';

/** "E-mail me a code" to the confirmed alternate address. */
export function EmailOption({ option }: OptionProps) {
  return <SendCodeButton channel="EMAIL" label="E-mail me a code" description={option.maskedDestination ?? ''} />;
}
