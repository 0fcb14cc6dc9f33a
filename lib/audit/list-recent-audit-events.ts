import { prisma } from '@/lib/db/prisma';
import { AUDIT_EVENT_TYPES, type AuditEventType } from './record-audit-event';

export type RecentAuditEvent = { id: string; description: string; ip: string | null; createdAt: Date };

export async function listRecentAuditEvents({ userId, take = 15 }: { userId: string; take?: number }): Promise<RecentAuditEvent[]> {
  const rows = await prisma.auditEvent.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, type: true, ip: true, createdAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    description: AUDIT_EVENT_TYPES[row.type as AuditEventType] ?? row.type,
    ip: row.ip,
    createdAt: row.createdAt,
  }));
}
