import { z } from 'zod';
import { prisma } from '@/lib/db/prisma';
import { ZPlatformPolicySchema, type TPlatformPolicy } from './platform-policy';

export type PolicyChange = {
  id: string;
  createdAt: Date;
  /** null when the change came from the server's console (`gatehouse policy set`). */
  actorEmail: string | null;
  changed: Partial<TPlatformPolicy>;
};

const ZPolicyChangeDetailSchema = z.object({ changed: ZPlatformPolicySchema.partial() });

/** The latest changes to the platform's two-factor policy, newest first, for the admin screen. */
export async function listPolicyChanges({ take = 10 }: { take?: number } = {}): Promise<PolicyChange[]> {
  const rows = await prisma.auditEvent.findMany({
    where: { type: 'policy.changed' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: { id: true, createdAt: true, detail: true, actor: { select: { email: true } } },
  });
  return rows.map((row) => {
    const detail = ZPolicyChangeDetailSchema.safeParse(row.detail);
    return {
      id: row.id,
      createdAt: row.createdAt,
      actorEmail: row.actor?.email ?? null,
      changed: detail.success ? detail.data.changed : {},
    };
  });
}
