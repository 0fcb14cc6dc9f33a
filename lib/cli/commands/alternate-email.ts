// `gatehouse alternate-email …`: see USAGE in lib/cli/run.ts.
import { maskEmail } from '@/lib/core/mask';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { AppError } from '@/lib/errors/app-error';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import { parseSentCode } from '../command';
import type { Commands } from '../command';

export const alternateEmailCommands: Commands = {
  'alternate-email add': async ({ actor, values, out }) => {
    const address = ZEmailSchema.safeParse(values.address ?? '');
    if (!address.success) throw new AppError('INVALID_INPUT', { fieldErrors: { address: address.error.issues.map((issue) => issue.message) } });
    const user = await findUserByEmail(values.email ?? '');
    const issued = await startAlternateEmailVerification({ actor, userId: user.id, address: address.data });
    out.log(
      `A code is on its way to ${maskEmail(issued.destination)}. Ask ${user.email} to read it to you, then run: ` +
        `gatehouse alternate-email confirm --email ${user.email} --code <code>`,
    );
    return 0;
  },
  'alternate-email confirm': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const { address } = await confirmAlternateEmail({ actor, userId: user.id, code: parseSentCode(values.code) });
    out.log(`Saved ${maskEmail(address)} as the alternate address of ${user.email}; they were told by e-mail.`);
    return 0;
  },
};
