'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formAction } from '@/lib/actions/form-action';
import { ZSecondFactorCodeSchema, ZSentCodeSchema } from '@/lib/mfa/code-schema';
import { ZNewPasswordInputSchema } from '@/lib/passwords/password-schema';
import { finishPasswordRecovery } from '@/lib/recovery/finish-password-recovery';
import { openRecoveryWithSecret } from '@/lib/recovery/open-recovery-with-secret';
import { openRecoveryWithSupportCode } from '@/lib/recovery/open-recovery-with-support-code';
import { proveRecoveryFactor } from '@/lib/recovery/prove-recovery-factor';
import { clearRecoveryCookie, readRecoveryCookie, setRecoveryCookie } from '@/lib/recovery/recovery-cookie';
import { sendRecoveryCode } from '@/lib/recovery/send-recovery-code';
import { startPasswordRecovery, type AskingSession } from '@/lib/recovery/start-password-recovery';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { ZEmailSchema } from '@/lib/users/email-schema';

// Every step of "Forgot password?". The recovery is found only through the browser's recovery
// cookie (or the secret a support link or code carries), never through an id in the form.

const VERIFY = '/sign-in/forgot/verify';

async function askingSession(): Promise<AskingSession> {
  const current = await getCurrentSession();
  return current ? { userId: current.user.id, isRestricted: current.session.isRestricted } : null;
}

export const startRecoveryAction = formAction(z.object({ email: ZEmailSchema }), async ({ email }, { request }) => {
  const started = await startPasswordRecovery({ email, request, session: await askingSession() });
  await setRecoveryCookie(started);
  redirect(VERIFY);
});

export const sendRecoveryCodeAction = formAction(
  z.object({ destination: z.string().max(20, 'Choose one of the addresses or numbers listed.') }),
  async ({ destination }, { request }) => {
    const sent = await sendRecoveryCode({ secret: await readRecoveryCookie(), destination, request });
    redirect(`${VERIFY}?sent=${encodeURIComponent(sent.key)}`);
  },
);

const ZProveSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sent'), code: ZSentCodeSchema }),
  z.object({ kind: z.literal('factor'), code: ZSecondFactorCodeSchema }),
]);

export const proveRecoveryAction = formAction(ZProveSchema, async (proof, { request }) => {
  await proveRecoveryFactor({ secret: await readRecoveryCookie(), proof, request });
  redirect(VERIFY);
});

const ZFinishSchema = z.object({
  newPassword: ZNewPasswordInputSchema,
  // A checkbox posts nothing when unticked.
  revokeAppPasswords: z.literal('on').optional(),
});

export const finishRecoveryAction = formAction(ZFinishSchema, async ({ newPassword, revokeAppPasswords }, { request }) => {
  await finishPasswordRecovery({
    secret: await readRecoveryCookie(),
    newPassword,
    revokeAppPasswords: revokeAppPasswords === 'on',
    request,
    session: await askingSession(),
  });
  await clearRecoveryCookie();
  redirect('/sign-in?recovered=1');
});

export const openRecoveryLinkAction = formAction(z.object({ secret: z.string().min(1).max(200) }), async ({ secret }) => {
  await setRecoveryCookie(await openRecoveryWithSecret({ secret }));
  redirect(VERIFY);
});

export const openSupportCodeAction = formAction(
  z.object({ email: ZEmailSchema, code: z.string().min(1, 'Enter the reset code support gave you.').max(64, 'That is too long to be a reset code.') }),
  async ({ email, code }, { request }) => {
    await setRecoveryCookie(await openRecoveryWithSupportCode({ email, code, request }));
    redirect(VERIFY);
  },
);
