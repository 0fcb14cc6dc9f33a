import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { AppError } from '@/lib/errors/app-error';

/**
 * "Reset remembered locations" (MailEnable's reset of country exceptions): every address and
 * country the mailbox remembers is forgotten, so the next sign-in from any of them is challenged
 * again under a "new IP address" or "new country" policy, and announced as new.
 */
export async function resetRememberedLocations({ actor, userId, reason, code = null, expectedBrandId }: SupportRequest): Promise<{ forgotten: number }> {
  const request = { actor, userId, reason, expectedBrandId, reauth: { code } };
  return changeAccount({ ...request, action: 'locations.forget', audit: 'support.locations_reset', notice: 'support.locations_reset' }, async (tx, mailbox) => {
    // Only what is remembered (passed a second factor), as the console lists it; the countries a
    // password alone signed in from stay noted, so they are not announced as new again.
    const remembered = { userId: mailbox.id, secondFactorAt: { not: null } };
    const forgotten = await tx.rememberedLocation.findMany({ where: remembered, select: { kind: true, value: true } });
    if (forgotten.length === 0) throw new AppError('NO_REMEMBERED_LOCATIONS');
    await tx.rememberedLocation.deleteMany({ where: remembered });
    return {
      result: { forgotten: forgotten.length },
      detail: {
        addresses: forgotten.filter((row) => row.kind === 'IP').map((row) => row.value),
        countries: forgotten.filter((row) => row.kind === 'COUNTRY').map((row) => row.value),
      },
    };
  });
}
