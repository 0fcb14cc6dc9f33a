import type { Actor } from '@/lib/access/actor';
import { prisma } from '@/lib/db/prisma';
import { createUser } from './create-user';

// The accounts README.md lists, for trying Gatehouse on the embedded defaults.
export const DEMO_ACCOUNTS = [
  { email: 'mailbox@example.com', password: 'demo-mailbox-2026', role: 'USER' },
  { email: 'support@example.com', password: 'demo-support-2026', role: 'SUPPORT' },
  { email: 'admin@example.com', password: 'demo-admin-2026', role: 'ADMIN' },
] as const;

/** Creates whichever demo accounts do not exist yet; never touches one that does. */
export async function seedDemoAccounts({ actor }: { actor: Actor }): Promise<string[]> {
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await prisma.user.findUnique({ where: { email: account.email }, select: { id: true } })) continue;
    await createUser(account, { actor });
    created.push(account.email);
  }
  return created;
}
