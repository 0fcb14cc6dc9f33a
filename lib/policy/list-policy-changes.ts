import { z } from 'zod';
import { prisma } from '@/lib/db/prisma';
import { ZPolicySchema, type TPolicy } from './policy-settings';

export type PolicyChange = {
  id: string;
  createdAt: Date;
  /** null when the change came from the server's console (`gatehouse platform set`)... */
  actorEmail: string | null;
  /** ...whose operator is named here. */
  operator: string | null;
  changed: Partial<TPolicy> & { brandsMayLoosen?: string[] };
};

const ZPolicyChangeDetailSchema = z.object({ changed: ZPolicySchema.partial().extend({ brandsMayLoosen: z.array(z.string()).optional() }) });

/** The latest changes to the platform's settings, newest first, for the Platform settings screen. */
export async function listPolicyChanges({ take = 10 }: { take?: number } = {}): Promise<PolicyChange[]> {
  const rows = await prisma.auditEvent.findMany({
    where: { type: 'policy.changed' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: { id: true, createdAt: true, detail: true, operator: true, actor: { select: { email: true } } },
  });
  return rows.map((row) => {
    const detail = ZPolicyChangeDetailSchema.safeParse(row.detail);
    return {
      id: row.id,
      createdAt: row.createdAt,
      actorEmail: row.actor?.email ?? null,
      operator: row.operator,
      changed: detail.success ? detail.data.changed : {},
    };
  });
}
