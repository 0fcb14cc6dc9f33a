import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { assertCountryAllowed } from '@/lib/messaging/reserve-send-allowance';
import { isPhoneNumberProblem, parsePhoneNumber, type ParsedPhoneNumber } from './parse-phone-number';

/**
 * What every new backup phone must be, whoever adds it: a real personal number, not already on
 * the account, in a country Gatehouse texts and calls.
 */
export async function checkNewPhoneNumber({ userId, number, country }: { userId: string; number: string; country: string }): Promise<ParsedPhoneNumber> {
  const parsed = parsePhoneNumber({ input: number, country });
  if (isPhoneNumberProblem(parsed)) {
    throw new AppError(parsed.problem);
  }
  if (await prisma.phone.findUnique({ where: { userId_number: { userId, number: parsed.number } }, select: { id: true } })) {
    throw new AppError('PHONE_ALREADY_ADDED');
  }
  assertCountryAllowed(parsed.countryCode);
  return parsed;
}
