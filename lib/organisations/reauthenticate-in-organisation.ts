import type { Actor } from '@/lib/core/actor';
import { reauthenticate } from '@/lib/access/reauthenticate';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';

/**
 * The re-authentication an organisation's change asks of its administrator or billing contact
 * (turning SMS logins on, buying credits, giving a trusted role): a second factor proven in the
 * last few minutes, or `code` now. As for changeAccount's `exceptOwnerWithoutFactor` (the same rule, in
 * reauthenticate), someone with no second factor at all has none to prove: that exemption is meant only for an administrator the
 * console appointed before it had one (how e2e/org.spec.ts's seeded administrator works). Every
 * other way into a trusted role needs a second factor (acceptInvitation, setMemberRole,
 * createOwnOrganisation), and anyone who has one proves it. Call it after the change's other refusals, so a change that
 * cannot happen never costs a backup code.
 */
export async function reauthenticateInOrganisation({ actor, code }: { actor: Actor; code: TSecondFactorCode | null }): Promise<void> {
  await reauthenticate({ actor, code, exceptWithoutSecondFactor: true });
}
