import { PASSWORD_MIN_LENGTH } from '@/lib/passwords/password-schema';
import { ChangePasswordForm } from './password-form';

/** The security page's "Password": change it, which signs out every other session. */
export function PasswordSection({
  email,
  needsCode,
  isRestricted,
  userInputs,
}: {
  email: string;
  needsCode: boolean;
  isRestricted: boolean;
  /** The account's own words, for the new password's live advice (readPasswordUserInputs). */
  userInputs: readonly string[];
}) {
  return (
    <section aria-labelledby="password-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="password-heading" className="text-lg font-semibold">
        Password
      </h2>
      {isRestricted ? (
        // The verb refuses it anyway (authorize); the form is not offered where it cannot work.
        <p className="text-sm text-slate-700">
          You signed in with a restricted login. To change your password, sign in with your password and a second factor.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            Changing your password signs out every other browser and device signed in to your account; this one stays signed in.
          </p>
          <ChangePasswordForm email={email} needsCode={needsCode} minLength={PASSWORD_MIN_LENGTH} userInputs={userInputs} />
        </>
      )}
    </section>
  );
}
