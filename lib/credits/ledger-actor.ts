import { actingUserId, type Actor } from '@/lib/core/actor';
import { ACTOR_KIND } from '@/lib/audit/record-audit-event';
import type { ActorKind } from '@/lib/db/generated/enums';

/** Who caused a ledger row, in the audit log's own terms (kind, person, console operator). */
export function ledgerActor(actor: Actor): { actorKind: ActorKind; actorId: string | null; operator: string | null } {
  return { actorKind: ACTOR_KIND[actor.kind], actorId: actingUserId(actor), operator: actor.kind === 'console' ? actor.operator : null };
}
