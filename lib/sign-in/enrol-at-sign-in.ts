import { afterSessionCreated } from '@/lib/sessions/after-session-created';
import { enableTotp } from '@/lib/mfa/totp/enable-totp';
import type { CreatedSession } from '@/lib/sessions/create-session';
import { requireEnrollingAttempt, type SignInAttempt } from './sign-in-attempt';

/**
 * The wizard's last step for a sign-in that must enrol: the authenticator app is enabled and, in
 * the same commit, the sign-in finishes from the factor it just proved (its pending login used
 * up, a new session). Enabling the app knows nothing of sign-ins; finishing is this attempt's own
 * step. A wrong code is the wizard's to count (its enrolment throttle), so the attempt's try is
 * given back whatever went wrong.
 */
export async function enrolAtSignIn({ attempt, code }: { attempt: SignInAttempt | null; code: string }): Promise<{ backupCodes: string[]; session: CreatedSession }> {
  const enrolling = requireEnrollingAttempt(attempt);
  const claimed = await enrolling.claim();
  try {
    const finished: { session?: CreatedSession } = {};
    const { backupCodes } = await enableTotp({
      actor: enrolling.actor,
      userId: enrolling.pendingLogin.userId,
      code,
      onEnabled: async (tx) => {
        finished.session = await claimed.finish(tx, { method: 'totp', enrolled: true });
      },
    });
    const { session } = finished;
    if (!session) throw new Error('enableTotp returned without running onEnabled');
    await afterSessionCreated(session);
    return { backupCodes, session };
  } catch (error) {
    await claimed.refund();
    throw error;
  }
}
