import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { BrandedPrompt } from '@/components/branded-prompt';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { findBrandForHost } from '@/lib/brands/find-brand-for-host';
import { requestHost } from '@/lib/http/request-host';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ recovered?: string | string[] }> }) {
  if (await getCurrentSession()) redirect('/settings/security');
  // Before the password nobody is known, so the host name picks the look; from the token prompt
  // on, the account's brand does.
  const look = await findBrandForHost({ host: await requestHost() });
  const { recovered } = await searchParams;
  return (
    <BrandedPrompt
      look={look}
      title="Sign in"
      className="mx-auto max-w-sm space-y-6"
      footer={
        <Link href="/sign-in/forgot" className="block text-sm text-blue-700 underline">
          Forgot password?
        </Link>
      }
    >
      {recovered === '1' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Password changed. Sign in with your new password.
        </p>
      )}
      <p className="text-slate-600">Sign in with your mailbox address to manage your account security.</p>
      <SignInForm />
    </BrandedPrompt>
  );
}
