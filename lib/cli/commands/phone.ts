// `gatehouse phone …`: see USAGE in lib/cli/run.ts.
import { AppError } from '@/lib/errors/app-error';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { maskPhoneNumber } from '@/lib/core/mask';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import { parseSentCode } from '../command';
import type { Commands } from '../command';

export const phoneCommands: Commands = {
  'phone add': async ({ actor, values, out }) => {
    const via = (values.via ?? 'sms').toLowerCase();
    if (via !== 'sms' && via !== 'call') throw new AppError('INVALID_INPUT', { fieldErrors: { via: ['Use sms or call.'] } });
    const user = await findUserByEmail(values.email ?? '');
    const issued = await startPhoneVerification({
      actor,
      userId: user.id,
      number: values.number ?? '',
      country: (values.country ?? 'US').toUpperCase(),
      channel: via === 'sms' ? 'SMS' : 'VOICE',
    });
    out.log(
      `A code is on its way to ${maskPhoneNumber(issued.destination)} by ${via === 'sms' ? 'text message' : 'phone call'}. ` +
        `Ask ${user.email} to read it to you, then run: gatehouse phone confirm --email ${user.email} --code <code>`,
    );
    return 0;
  },
  'phone confirm': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const { number } = await confirmPhone({ actor, userId: user.id, code: parseSentCode(values.code) });
    out.log(`Saved ${maskPhoneNumber(number)} as a backup phone of ${user.email}; they were told by e-mail.`);
    return 0;
  },
};
