import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/**
 * The owner forgets one remembered address or country: the next sign-in from it is challenged
 * again. Forgetting only ever makes sign-in stricter, so it needs no fresh second factor.
 */
export async function forgetLocation({ actor, userId, locationId }: { actor: Actor; userId: string; locationId: string }): Promise<void> {
  await authorize(actor, 'locations.forget', { userId });
  await prisma.$transaction(async (tx) => {
    // Scoped to the owner: an id of someone else's location is simply not found.
    const location = await tx.rememberedLocation.findFirst({ where: { id: locationId, userId }, select: { kind: true, value: true } });
    if (!location) throw new AppError('LOCATION_NOT_FOUND');
    await tx.rememberedLocation.delete({ where: { id: locationId } });
    await recordAuditEvent(tx, { type: 'location.forgotten', actor, subjectId: userId, detail: location });
  });
}
