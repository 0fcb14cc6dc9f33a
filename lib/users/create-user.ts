import { z } from 'zod';
import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashPassword } from '@/lib/auth/hash-password';
import { ZEmailSchema } from '@/lib/auth/email-schema';
import { ZNewPasswordSchema } from '@/lib/auth/password-schema';
import { Prisma } from '@/lib/db/generated/client';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

export const ZCreateUserSchema = z.object({
  email: ZEmailSchema,
  password: ZNewPasswordSchema,
  role: z.enum(['USER', 'SUPPORT', 'ADMIN']).default('USER'),
});
export type TCreateUser = z.input<typeof ZCreateUserSchema>;

/** A new account, by the console or a platform administrator; its audit row names which. */
export async function createUser(input: TCreateUser, { actor }: { actor: Actor }) {
  await authorize(actor, 'account.create', 'platform');
  const parsed = ZCreateUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  }
  const { email, password, role } = parsed.data;
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, passwordHash, role }, select: { id: true, email: true, role: true } });
      await recordAuditEvent(tx, { type: 'user.created', actor, subjectId: user.id, detail: { role } });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('EMAIL_TAKEN');
    throw error;
  }
}
