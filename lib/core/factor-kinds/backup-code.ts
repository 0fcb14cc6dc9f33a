import { verify as verifyHash } from '@node-rs/argon2';
import { z } from 'zod';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { normalizeBackupCode } from '@/lib/core/factor-kinds/codes/backup-code-format';
import { FACTOR_FACTS } from './methods';
import { defineFactorKind } from './kind';

/**
 * Backup codes: single-use, stored only as argon2id hashes. They stand in for another factor
 * (typed into any code field), so they neither turn two-factor on nor appear on the prompt's list.
 */
export const backupCodeKind = defineFactorKind({
  ...FACTOR_FACTS.backup_code,
  policyCheckedAt: null,
  select: { _count: { select: { backupCodes: { where: { usedAt: null } } } } },
  isEnrolled: (state) => state._count.backupCodes > 0,
  enrolledSql: `EXISTS (SELECT 1 FROM "BackupCode" f WHERE f."userId" = u."id" AND f."usedAt" IS NULL)`,
  removeAll: (tx, userId) => tx.backupCode.deleteMany({ where: { userId } }),
  check: 'backup_code',
  checkLabel: 'Backup codes',
  enrolThrottle: null,
  enrolThrottleLabel: null,
  responseSchema: z.string().transform((value, context) => {
    const code = normalizeBackupCode(value);
    if (code) return code;
    context.addIssue({ code: 'custom', message: 'That is not one of your backup codes.' });
    return z.NEVER;
  }),
  isAcceptedInAnyCodeField: true,
  async verify({ actor, userId, response }, onVerified) {
    const unused = await prisma.backupCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
    const matches = await Promise.all(unused.map((row) => verifyHash(row.codeHash, response).catch(() => false)));
    const match = unused.find((_, index) => matches[index]);
    if (!match) throw new AppError('INVALID_CODE');
    return prisma.$transaction(async (tx) => {
      // Spent with a conditional update: of two parallel requests with one code, one gets count 0.
      const { count } = await tx.backupCode.updateMany({ where: { id: match.id, usedAt: null }, data: { usedAt: new Date() } });
      if (count !== 1) throw new AppError('CODE_ALREADY_USED');
      await recordAuditEvent(tx, { type: 'backup_code.used', actor, subjectId: userId });
      return onVerified(tx, 'backup_code');
    });
  },
  // The count is shown on its own ("3 of 10 backup codes unused"), not as a holding.
  describe: () => [],
  promptOption: () => [],
});
