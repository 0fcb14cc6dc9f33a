import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import {
  ENDED_SESSION_RETENTION_MS,
  EXPIRED_CODE_RETENTION_MS,
  purgeExpiredRecords,
} from '@/lib/maintenance/purge-expired-records';
import { createTestUser } from '@/tests/support/users';

const MINUTE = 60 * 1000;

function ago(ms: number): Date {
  return new Date(Date.now() - ms);
}

async function createCode(userId: string, expiresAt: Date, pendingLoginId: string | null = null) {
  const row = await prisma.oneTimeCode.create({
    data: { userId, purpose: 'SIGN_IN', channel: 'SMS', destination: '+14155550132', codeHash: randomUUID(), expiresAt, pendingLoginId },
    select: { id: true },
  });
  return row.id;
}

async function createPendingLogin(userId: string, expiresAt: Date) {
  const row = await prisma.pendingLogin.create({ data: { userId, tokenHash: randomUUID(), expiresAt }, select: { id: true } });
  return row.id;
}

async function createSession(userId: string, { expiresAt, revokedAt = null }: { expiresAt: Date; revokedAt?: Date | null }) {
  const row = await prisma.session.create({ data: { userId, expiresAt, revokedAt, secondFactorAt: null }, select: { id: true } });
  return row.id;
}

describe('purging expired records', () => {
  it('deletes codes and pending logins a day after they expire, with their codes, and keeps the rest', async () => {
    const user = await createTestUser();
    const longExpiredCode = await createCode(user.id, ago(EXPIRED_CODE_RETENTION_MS + MINUTE));
    const recentlyExpiredCode = await createCode(user.id, ago(MINUTE));
    const liveCode = await createCode(user.id, new Date(Date.now() + 10 * MINUTE));
    const longExpiredLogin = await createPendingLogin(user.id, ago(EXPIRED_CODE_RETENTION_MS + MINUTE));
    const codeOfThatLogin = await createCode(user.id, ago(MINUTE), longExpiredLogin);
    const liveLogin = await createPendingLogin(user.id, new Date(Date.now() + 10 * MINUTE));

    const purged = await purgeExpiredRecords();

    const codesLeft = await prisma.oneTimeCode.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(codesLeft.map((code) => code.id).sort()).toEqual([recentlyExpiredCode, liveCode].sort());
    expect(codesLeft.map((code) => code.id)).not.toContain(longExpiredCode);
    expect(codesLeft.map((code) => code.id)).not.toContain(codeOfThatLogin);
    const loginsLeft = await prisma.pendingLogin.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(loginsLeft).toEqual([{ id: liveLogin }]);
    // Other tests' rows may be purged in the same run; ours are among the counted.
    expect(purged.oneTimeCodes).toBeGreaterThanOrEqual(1);
    expect(purged.pendingLogins).toBeGreaterThanOrEqual(1);
  });

  it('deletes sessions 30 days after they ended or expired, and never a live one', async () => {
    const user = await createTestUser();
    const longRevoked = await createSession(user.id, { expiresAt: new Date(Date.now() + 60 * MINUTE), revokedAt: ago(ENDED_SESSION_RETENTION_MS + MINUTE) });
    const longExpired = await createSession(user.id, { expiresAt: ago(ENDED_SESSION_RETENTION_MS + MINUTE) });
    const recentlyRevoked = await createSession(user.id, { expiresAt: new Date(Date.now() + 60 * MINUTE), revokedAt: ago(MINUTE) });
    const live = await createSession(user.id, { expiresAt: new Date(Date.now() + 60 * MINUTE) });

    await purgeExpiredRecords();

    const left = await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(left.map((session) => session.id).sort()).toEqual([recentlyRevoked, live].sort());
    expect(left.map((session) => session.id)).not.toContain(longRevoked);
    expect(left.map((session) => session.id)).not.toContain(longExpired);
  });

});
