import { AppError } from '@/lib/errors/app-error';
import { judgePassword, loadPasswordEstimator } from './password-strength';

/**
 * The server's decision on a new password, whatever sets it (account creation, change, recovery,
 * SMS password): refused with the length rule or the estimator's warning and suggestions as the
 * message of `field`. `userInputs` comes from readPasswordUserInputs. The first call in a process
 * loads the dictionaries (~1 s); each judgement after that takes ~15-45 ms, so call it only where a
 * password is being set, after the cheap refusals.
 */
export async function checkNewPassword({
  password,
  userInputs,
  field,
}: {
  password: string;
  userInputs: readonly string[];
  /** The form field the message belongs beside: `newPassword`, `password`, … */
  field: string;
}): Promise<void> {
  const judgement = judgePassword(await loadPasswordEstimator(), password, userInputs);
  if (judgement.isAcceptable) return;
  const fieldErrors = { [field]: [judgement.problem ?? 'Choose another password.'] };
  // A length outside the bounds is a malformed field; a guessable password is its own refusal.
  throw new AppError(judgement.score === null ? 'INVALID_INPUT' : 'PASSWORD_TOO_WEAK', { fieldErrors });
}
