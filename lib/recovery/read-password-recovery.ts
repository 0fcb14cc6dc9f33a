import type { RecoveryProof } from '@/lib/db/generated/enums';
import { brandIdForEmail } from '@/lib/brands/default-brand';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { findLiveRecovery, type LiveRecovery } from './find-live-recovery';
import { readRecoveryAccount, type RecoveryAccount, type RecoveryDestination } from './read-recovery-account';
import { decoyDestinations, type DecoyRules } from './recovery-decoys';

/** A destination as the page shows it: never the number or address itself. */
export type ShownDestination = Omit<RecoveryDestination, 'to' | 'countryCode'>;

/**
 * What the recovery asks for next:
 * - `choose-destination`: where to send the first code (the mailbox's own masked destinations, or
 *   decoys for an address that is no mailbox or has none, so the two look alike);
 * - `prove-another`: the mailbox has a second factor, so a different second proof: its
 *   authenticator, a backup code, or a code to the other kind of destination;
 * - `new-password`: enough has been proven;
 * - `contact-support`: proven what could be, but the mailbox holds nothing else to prove: its
 *   brand's support, with its contact, is the only way on.
 */
export type RecoveryStep =
  | { step: 'choose-destination'; destinations: ShownDestination[] }
  | { step: 'prove-another'; proofs: RecoveryProof[]; destinations: ShownDestination[]; acceptsAuthenticator: boolean; acceptsBackupCode: boolean }
  | { step: 'new-password'; email: string }
  | { step: 'contact-support'; brandName: string; supportContact: string | null };

/** Proofs that show the owner reached something confirmed earlier (or support checked them). */
const CHANNEL_PROOFS: ReadonlySet<RecoveryProof> = new Set(['ALTERNATE_EMAIL', 'PHONE', 'SUPPORT_CODE']);

export function proofOfChannel(channel: 'EMAIL' | 'SMS'): RecoveryProof {
  return channel === 'EMAIL' ? 'ALTERNATE_EMAIL' : 'PHONE';
}

/**
 * The rule of recovery (RECOVERY19.md): one proof where the mailbox has no second factor, two
 * different ones where it has; always at least one from a destination confirmed earlier (or
 * support's code), so an authenticator and a backup code alone never reset a password.
 */
export function decideRecoveryStep(
  recovery: Pick<LiveRecovery, 'email' | 'proofs'>,
  account: RecoveryAccount | null,
  decoyRules: DecoyRules = NO_PHONE_DECOYS,
): { step: RecoveryStep; sendable: RecoveryDestination[]; decoy: boolean } {
  const { proofs } = recovery;
  const choose = (destinations: RecoveryDestination[], decoy = false) => ({
    step: { step: 'choose-destination' as const, destinations: hide(destinations) },
    sendable: destinations,
    decoy,
  });
  const decoys = () => choose(decoyDestinations(recovery.email, decoyRules), true);
  if (!account) return decoys();
  const hasChannelProof = proofs.some((proof) => CHANNEL_PROOFS.has(proof));
  const needed = account.isMfaEnabled ? 2 : 1;
  if (hasChannelProof && proofs.length >= needed) return { step: { step: 'new-password', email: account.email }, sendable: [], decoy: false };
  if (proofs.length === 0) return account.destinations.length > 0 ? choose(account.destinations) : decoys();
  const unproven = account.destinations.filter((destination) => !proofs.includes(proofOfChannel(destination.channel)));
  const acceptsAuthenticator = hasChannelProof && account.hasAuthenticatorApp && !proofs.includes('AUTHENTICATOR');
  const acceptsBackupCode = hasChannelProof && account.hasBackupCodes && !proofs.includes('BACKUP_CODE');
  if (unproven.length === 0 && !acceptsAuthenticator && !acceptsBackupCode) {
    return { step: { step: 'contact-support', brandName: account.brandName, supportContact: account.supportContact }, sendable: [], decoy: false };
  }
  return { step: { step: 'prove-another', proofs, destinations: hide(unproven), acceptsAuthenticator, acceptsBackupCode }, sendable: unproven, decoy: false };
}

/** Callers that never reach a decoy (a recovery with proofs) need no brand's rules for one. */
const NO_PHONE_DECOYS: DecoyRules = { smsAvailable: false, allowedCountries: new Set() };

function hide(destinations: RecoveryDestination[]): ShownDestination[] {
  return destinations.map(({ key, channel, masked }) => ({ key, channel, masked }));
}

/**
 * The recovery the secret names and its next step (`sendable`: the destinations behind the step's
 * keys, for the verbs only, never for a page; `decoy`: they are decoys, nothing can be sent to
 * them), or null when there is none to continue (never started, used, expired, worn out). An
 * address that is no mailbox reads the policy of the brand its domain belongs to, so the page
 * costs about the same either way and its decoys follow the rules a mailbox there would.
 */
export async function readPasswordRecovery({ secret }: { secret: string | null }): Promise<
  { recovery: LiveRecovery; account: RecoveryAccount | null; step: RecoveryStep; sendable: RecoveryDestination[]; decoy: boolean } | null
> {
  const recovery = await findLiveRecovery({ secret });
  if (!recovery) return null;
  const account = recovery.userId ? await readRecoveryAccount({ userId: recovery.userId }) : null;
  const smsAvailable = account
    ? account.smsAvailable
    : (await getEffectivePolicy({ brandId: await brandIdForEmail(prisma, recovery.email) })).settings.smsAvailable;
  return { recovery, account, ...decideRecoveryStep(recovery, account, { smsAvailable, allowedCountries: getEnv().SMS_ALLOWED_COUNTRIES }) };
}
