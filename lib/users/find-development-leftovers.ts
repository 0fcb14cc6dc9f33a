import { prisma } from '@/lib/db/prisma';
import { DEMO_ACCOUNTS } from './seed-demo-accounts';

/**
 * What a production start must not find in its database: the demo accounts (whose passwords a
 * developer's machine printed, and an older README published) and the development outbox's
 * messages (every code and notice in plain text). Either means the database was used in
 * development. Returns the problems, in sentences; empty means none.
 */
export async function findDevelopmentLeftovers(): Promise<string[]> {
  const problems: string[] = [];
  const demo = await prisma.user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((account) => account.email) } },
    select: { email: true },
    orderBy: { email: 'asc' },
  });
  if (demo.length > 0) {
    problems.push(
      `The database holds demo accounts (${demo.map((user) => user.email).join(', ')}), which exist only in development. Use a database of its own for production, or delete those accounts.`,
    );
  }
  const stored = await prisma.outboundMessage.count({ where: { status: 'STORED' } });
  if (stored > 0) {
    problems.push(
      `The database holds ${stored} message(s) kept by the development outbox, codes in plain text. Use a database of its own for production, or delete the rows of "OutboundMessage" whose status is STORED.`,
    );
  }
  return problems;
}
