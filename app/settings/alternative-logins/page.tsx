import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { selfActor } from '@/lib/core/actor';
import { nameAlternativeLogin } from '@/lib/alternative-logins/alternative-login-names';
import { listAlternativeLogins, type ListedAlternativeLogin } from '@/lib/alternative-logins/list-alternative-logins';
import { alternativeLoginsRefusal } from '@/lib/alternative-logins/require-full-sign-in';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { formatDateTime } from '@/lib/core/format';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { lookUp } from '@/lib/http/look-up';
import { listPhones } from '@/lib/phones/list-phones';
import { readPasswordUserInputs } from '@/lib/passwords/read-password-user-inputs';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { isAvailable } from '@/lib/policy/policy-settings';
import { CreateSmsPasswordForm, DeleteAlternativeLoginForm, GenerateOneTimeListForm } from './components';

export const metadata: Metadata = { title: 'Alternative Logins' };

const NOTICES: Record<string, string> = {
  'sms-password-created': 'SMS password saved. We sent a notice to your e-mail address.',
  deleted: 'Alternative login deleted. The sessions it opened have ended.',
};

export default async function AlternativeLoginsPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const current = await requireSessionOrRedirect();
  const { user, session } = current;
  // The verbs' own refusals, read without recording a refused attempt for every page view.
  const refusal = await alternativeLoginsRefusal(selfActor(current, await getRequestContext()));
  if (refusal) {
    return (
      <PageFrame>
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          {APP_ERRORS[refusal].message}
        </p>
      </PageFrame>
    );
  }

  const [logins, phones, { settings: policy }, { notice }, passwordWords] = await Promise.all([
    listAlternativeLogins({ userId: user.id }),
    listPhones({ userId: user.id }),
    getEffectivePolicy({ userId: user.id }),
    searchParams,
    readPasswordUserInputs({ userId: user.id }),
  ]);
  const noticeText = lookUp(NOTICES, notice);
  const needsCode = !hasRecentSecondFactor(session);
  const mobile = phones.find((phone) => phone.isMobileForSms);
  const smsPassword = logins.find((login) => login.kind === 'SMS_PASSWORD');
  const oneTimeList = logins.find((login) => login.kind === 'ONE_TIME_LIST');
  // Why an SMS password cannot be created now, in the sentence its verb would refuse with.
  const smsRefusal = !isAvailable(policy, 'sms')
    ? APP_ERRORS.METHOD_NOT_AVAILABLE.message
    : !policy.allowSmsLogins
      ? APP_ERRORS.SMS_LOGINS_NOT_ALLOWED.message
      : !mobile
        ? APP_ERRORS.SMS_PASSWORD_NEEDS_MOBILE.message
        : null;

  return (
    <PageFrame>
      {noticeText && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {noticeText}
        </p>
      )}
      <p className="text-slate-700">
        On a computer you do not trust (a library, an internet café, a friend’s laptop) a keylogger could read your account password.
        Sign in there with an alternative login instead: an SMS password, or a password from a printed one-time list. Deleting an
        alternative login ends every session it opened.
      </p>

      <section aria-labelledby="factors-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5 text-sm">
        <h2 id="factors-heading" className="text-lg font-semibold">
          Which count as two factors
        </h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>An SMS password always does: after it, the sign-in asks for a code texted to your mobile number.</li>
          <li>
            A one-time list does only with its memorised prefix, which you type before each password: the sheet is something you
            have, the prefix something you know. Without a prefix, whoever holds the sheet can sign in.
          </li>
        </ul>
        {policy.requireTwoFactor && (
          <p className="font-medium">Your provider requires two-step verification, so a one-time list without a prefix is not accepted here.</p>
        )}
      </section>

      {logins.length > 0 && (
        <section aria-labelledby="yours-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="yours-heading" className="text-lg font-semibold">
            Your alternative logins
          </h2>
          <ul className="divide-y divide-slate-200" aria-label="Alternative logins">
            {logins.map((login) => (
              <ListedLogin key={login.id} login={login} needsCode={needsCode} />
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="sms-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="sms-heading" className="text-lg font-semibold">
          SMS password
        </h2>
        <p className="text-sm text-slate-700">
          A second password you choose. Typed on the sign-in page instead of your account password, it texts a code to your mobile
          number{mobile ? <> (<span className="font-mono">{mobile.masked}</span>)</> : null}, which you then enter.
        </p>
        {smsRefusal ? (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            {smsRefusal}
          </p>
        ) : (
          <CreateSmsPasswordForm isReplacing={Boolean(smsPassword)} needsCode={needsCode} userInputs={passwordWords} />
        )}
      </section>

      <section aria-labelledby="list-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="list-heading" className="text-lg font-semibold">
          One-time password list
        </h2>
        <p className="text-sm text-slate-700">
          A printable list of 50 passwords, each of which works once. It is shown only when you generate it; we keep only a
          fingerprint of each password.
        </p>
        <GenerateOneTimeListForm email={user.email} isReplacing={Boolean(oneTimeList)} needsCode={needsCode} needsPrefix={policy.requireTwoFactor} />
      </section>
    </PageFrame>
  );
}

function PageFrame({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-6">
      <h1 className="no-print text-2xl font-semibold">Alternative Logins</h1>
      {children}
      <Link href="/settings/security" className="no-print block text-sm text-blue-700 underline">
        Back to Account Security
      </Link>
    </div>
  );
}

function ListedLogin({ login, needsCode }: { login: ListedAlternativeLogin; needsCode: boolean }) {
  const name = nameAlternativeLogin({ kind: login.kind, hasPrefix: login.list?.hasPrefix ?? false });
  const title = login.kind === 'SMS_PASSWORD' ? 'SMS password' : `One-time list, ${login.list?.hasPrefix ? 'with' : 'without'} a prefix`;
  const isHalfUsed = login.list !== null && login.list.left <= login.list.total / 2;
  return (
    <li className="flex items-start justify-between gap-4 py-3 text-sm">
      <div className="space-y-1">
        <span className="font-medium">{title}</span>
        <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700">
          {login.isRestricted ? 'Restricted' : 'Not restricted'}
        </span>
        <span className="block text-slate-600">Created {formatDateTime(login.createdAt)} UTC</span>
        <span className="block text-slate-600">{login.lastUsedAt ? `Last used ${formatDateTime(login.lastUsedAt)} UTC` : 'Never used'}</span>
        {login.list && (
          <span className="block">
            {login.list.left} of {login.list.total} left.
            {isHalfUsed && <strong className="ml-1">Half or more are used: print a new list.</strong>}
          </span>
        )}
      </div>
      <DeleteAlternativeLoginForm alternativeLoginId={login.id} name={name} needsCode={needsCode} />
    </li>
  );
}
