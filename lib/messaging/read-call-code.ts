import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';

/**
 * The code a call reads out after the key press, while it can still be used: unsealed from the
 * code row the call names, with the name of the mailbox's brand the call speaks for; null once
 * the code is used, superseded or expired (or never was). Only the Twilio webhook, after its
 * signature check, asks.
 */
export async function readCallCode(callToken: string): Promise<{ code: string; brandName: string } | null> {
  const row = await prisma.oneTimeCode.findUnique({
    where: { callToken },
    select: { id: true, sealedCode: true, consumedAt: true, supersededAt: true, expiresAt: true, user: { select: { brand: { select: { name: true } } } } },
  });
  if (!row?.sealedCode || row.consumedAt || row.supersededAt || row.expiresAt <= new Date()) return null;
  return { code: decryptSecret({ sealed: row.sealedCode, boundTo: row.id }), brandName: row.user.brand.name };
}
