import { prisma } from '@/lib/db/prisma';
import { maskPhoneNumber } from '@/lib/core/mask';

export type ListedPhone = { id: string; masked: string; countryCode: string; isMobileForSms: boolean; createdAt: Date };

export async function listPhones({ userId }: { userId: string }): Promise<ListedPhone[]> {
  const phones = await prisma.phone.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, number: true, countryCode: true, isMobileForSms: true, createdAt: true },
  });
  return phones.map((phone) => ({
    id: phone.id,
    masked: maskPhoneNumber(phone.number),
    countryCode: phone.countryCode,
    isMobileForSms: phone.isMobileForSms,
    createdAt: phone.createdAt,
  }));
}
