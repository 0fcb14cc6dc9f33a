import { APP_ERRORS } from '@/lib/errors/app-error';
import type { SignInOptions } from '@/lib/sign-in/list-sign-in-options';

/** Why no text or call can be paid for, said before anyone asks; for a mailbox's own pool, with its brand's support. */
export function SmsPayerNote({ refusal }: { refusal: NonNullable<SignInOptions['organisationSms']> }) {
  return (
    <p role="note" data-testid="organisation-sms" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      {refusal.paidBy === 'mailbox'
        ? `${APP_ERRORS.SMS_CREDITS_EMPTY_OWN.message}${refusal.supportContact ? ` ${refusal.brandName} support: ${refusal.supportContact}.` : ''}`
        : refusal.state === 'empty'
          ? APP_ERRORS.SMS_CREDITS_EMPTY.message
          : APP_ERRORS.SMS_LOGINS_NOT_ALLOWED.message}
    </p>
  );
}
