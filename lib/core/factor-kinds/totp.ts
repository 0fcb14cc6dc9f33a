import { z } from 'zod';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { matchTotpStep } from '@/lib/core/factor-kinds/codes/totp-code';
import { FACTOR_FACTS } from './methods';
import { defineFactorKind, isMethodAvailable } from './kind';

/** An authenticator app (RFC 6238). The one kind every account can hold without a phone or address. */
export const totpKind = defineFactorKind({
  ...FACTOR_FACTS.totp,
  policyCheckedAt: 'verify',
  select: { totp: { select: { confirmedAt: true } } },
  isEnrolled: (state) => Boolean(state.totp?.confirmedAt),
  enrolledSql: `EXISTS (SELECT 1 FROM "TotpCredential" f WHERE f."userId" = u."id" AND f."confirmedAt" IS NOT NULL)`,
  removeAll: (tx, userId) => tx.totpCredential.deleteMany({ where: { userId } }),
  check: 'totp',
  checkLabel: 'Authenticator codes',
  enrolThrottle: 'totp-enrol',
  enrolThrottleLabel: 'Setting up an authenticator app',
  responseSchema: z.string().regex(/^\d{6}$/, 'Authenticator codes are exactly 6 digits.'),
  isAcceptedInAnyCodeField: false,
  async verify({ actor, userId, response }, onVerified) {
    const credential = await prisma.totpCredential.findUnique({
      where: { userId },
      select: { encryptedSecret: true, confirmedAt: true, lastUsedStep: true },
    });
    if (!credential?.confirmedAt) throw new AppError('INVALID_CODE');
    const secret = decryptSecret({ sealed: credential.encryptedSecret, boundTo: userId });
    const step = matchTotpStep({ secret, code: response, at: new Date() });
    if (step === null) throw new AppError('INVALID_CODE');

    const reused = async () => {
      await recordAuditEvent(prisma, { type: 'totp.code_reused', actor, subjectId: userId, detail: { step } });
      return new AppError('CODE_ALREADY_USED');
    };
    if (step <= credential.lastUsedStep) throw await reused();

    let isRace = false;
    try {
      return await prisma.$transaction(async (tx) => {
        // Each 30-second step is accepted once: claimed with a conditional update, so two parallel
        // requests with the same code cannot both pass (63B 5.1.4.2).
        const { count } = await tx.totpCredential.updateMany({
          where: { userId, confirmedAt: { not: null }, lastUsedStep: { lt: step } },
          data: { lastUsedStep: step },
        });
        if (count !== 1) {
          isRace = true;
          throw new AppError('CODE_ALREADY_USED');
        }
        return onVerified(tx, 'totp');
      });
    } catch (error) {
      if (isRace) throw await reused();
      throw error;
    }
  },
  describe: (state) =>
    state.totp?.confirmedAt ? [{ key: 'totp', method: 'totp', label: 'Authenticator app', maskedDestination: null, removal: null }] : [],
  promptOption: (state, policy, { isSmsPassword }) =>
    !isSmsPassword && state.totp?.confirmedAt && isMethodAvailable(policy, 'totp')
      ? [{ method: 'totp', key: 'totp', group: 'totp', maskedDestination: null }]
      : [],
});
