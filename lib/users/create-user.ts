import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { brandIdForEmail } from '@/lib/brands/default-brand';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashPassword } from '@/lib/core/hash-password';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { checkNewPassword } from '@/lib/passwords/check-new-password';
import { ZNewPasswordInputSchema } from '@/lib/passwords/password-schema';
import { readPasswordUserInputs } from '@/lib/passwords/read-password-user-inputs';
import { Prisma } from '@/lib/db/generated/client';
import { prisma } from '@/lib/db/prisma';
import { effectiveChallengePolicy } from '@/lib/challenge/challenge-policies';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { AppError } from '@/lib/errors/app-error';

export const ZCreateUserSchema = z.object({
  email: ZEmailSchema,
  password: ZNewPasswordInputSchema,
});
export type TCreateUser = z.input<typeof ZCreateUserSchema>;

/** A new mailbox account, by the console or a platform administrator; its audit row names which. */
export async function createUser(input: TCreateUser, { actor }: { actor: Actor }) {
  await authorize(actor, 'account.create', 'platform');
  const parsed = ZCreateUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  }
  const { email, password } = parsed.data;
  // Judged with the words of the brand that owns the address's domain, as it will be once made.
  await checkNewPassword({ password, userInputs: await readPasswordUserInputs({ email }), field: 'password' });
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      // A mailbox belongs to the brand that owns its domain, from the moment it exists.
      const brandId = await brandIdForEmail(tx, email);
      // It starts with the challenge policy its brand gives new mailboxes.
      const { settings } = await getEffectivePolicy({ brandId });
      const challengePolicy = effectiveChallengePolicy({ chosen: settings.defaultChallengePolicy, settings, isStaff: false });
      const user = await tx.user.create({ data: { email, passwordHash, brandId, challengePolicy }, select: { id: true, email: true, brandId: true } });
      await recordAuditEvent(tx, { type: 'user.created', actor, subjectId: user.id, detail: { brandId } });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('EMAIL_TAKEN');
    throw error;
  }
}
