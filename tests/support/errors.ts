import { expect } from 'vitest';
import { AppError, isAppError } from '@/lib/errors/app-error';

/** The AppError a call was refused with; fails the test if it succeeded or threw anything else. */
export async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => ({ isRefused: false as const }),
    (error: unknown) => ({ isRefused: true as const, error }),
  );
  if (!outcome.isRefused) throw new Error('expected a refusal, but the call succeeded');
  if (!isAppError(outcome.error)) throw outcome.error;
  return outcome.error;
}

export async function expectAppError(promise: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  const error = await refusalOf(promise);
  expect(error).toBeInstanceOf(AppError);
  expect(error.code).toBe(code);
  return error;
}
