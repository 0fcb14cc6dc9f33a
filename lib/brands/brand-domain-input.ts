import { Prisma } from '@/lib/db/generated/client';
import { AppError } from '@/lib/errors/app-error';
import { ZHostNameSchema } from './brand-schema';

/** A mail domain or host name as typed, lower-cased and checked; INVALID_INPUT on `field` otherwise. */
export function parseBrandName(value: string, field: 'domain' | 'host'): string {
  const parsed = ZHostNameSchema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: { [field]: parsed.error.issues.map((issue) => issue.message) } });
  return parsed.data;
}

/**
 * A write that a unique index may refuse because someone else got there first (two brands taking
 * one domain at once, two requests for it): the loser gets `code`, which never says who won.
 */
export async function orIfTaken<T>(write: Promise<T>, code: 'BRAND_DOMAIN_TAKEN' | 'BRAND_DOMAIN_REQUESTED' | 'BRAND_HOST_TAKEN'): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError(code);
    throw error;
  }
}
