import { PrismaPg } from '@prisma/adapter-pg';
import { requireSetting } from '@/lib/config/env';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;
/** What a verb receives when it must write inside its caller's transaction. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForPrisma = globalThis as unknown as { gatehousePrisma?: PrismaClient };

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: requireSetting('DATABASE_URL'), max: 10 }) });
}

// One client per process (Next's dev server reloads modules; the global keeps one pool).
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    globalForPrisma.gatehousePrisma ??= createClient();
    const value = Reflect.get(globalForPrisma.gatehousePrisma, property);
    return typeof value === 'function' ? value.bind(globalForPrisma.gatehousePrisma) : value;
  },
});

export async function disconnectPrisma(): Promise<void> {
  await globalForPrisma.gatehousePrisma?.$disconnect();
  globalForPrisma.gatehousePrisma = undefined;
}
