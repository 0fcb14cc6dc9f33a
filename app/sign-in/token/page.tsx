import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/auth/get-current-session';
import { findPendingLogin } from '@/lib/auth/pending-login';
import { readPendingLoginCookie } from '@/lib/auth/session-cookie';
import { TokenForm } from './token-form';

export const metadata: Metadata = { title: 'Enter your code' };

export default async function TokenPage() {
  if (await getCurrentSession()) redirect('/settings/security');
  const pendingLogin = await findPendingLogin({ token: await readPendingLoginCookie() });
  if (!pendingLogin) {
    return (
      <div className="mx-auto max-w-sm space-y-4">
        <h1 className="text-2xl font-semibold">Your sign-in has expired</h1>
        <p role="alert">For your security, the code step lasts 10 minutes and allows a few tries. Please sign in again.</p>
        <Link href="/sign-in" className="font-semibold text-blue-700 underline">
          Sign in again
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Two-step verification</h1>
      <p className="text-slate-700">
        Signing in as <strong>{pendingLogin.email}</strong>. Open your authenticator app and enter the current code for Gatehouse.
      </p>
      <TokenForm />
      <details className="text-sm text-slate-700">
        <summary className="cursor-pointer font-medium">Lost your phone?</summary>
        <p className="mt-2">
          Enter one of the backup codes you saved when you turned on two-factor authentication. Each one works once. If you have
          none left, contact support to reset your two-factor authentication.
        </p>
      </details>
      <Link href="/sign-in" className="block text-sm text-blue-700 underline">
        Sign in as someone else
      </Link>
    </div>
  );
}
