import type { Metadata } from 'next';
import Link from 'next/link';
import { BrandedPrompt } from '@/components/branded-prompt';
import { findBrandForHost } from '@/lib/brands/find-brand-for-host';
import { requestHost } from '@/lib/http/request-host';
import { ForgotPasswordForm } from './forms';

export const metadata: Metadata = { title: 'Forgot your password?' };

export default async function ForgotPasswordPage() {
  // Nobody is known yet: the host name picks the look, as on the sign-in page.
  const look = await findBrandForHost({ host: await requestHost() });
  return (
    <BrandedPrompt
      look={look}
      title="Forgot your password?"
      className="mx-auto max-w-sm space-y-6"
      footer={
        <>
          <Link href="/sign-in/forgot/code" className="block text-sm text-blue-700 underline">
            I have a reset code from support
          </Link>
          <Link href="/sign-in" className="block text-sm text-blue-700 underline">
            Back to sign in
          </Link>
        </>
      }
    >
      <p className="text-slate-600">
        Enter your mailbox address. We will send a code to the alternate e-mail address or backup phone you confirmed earlier, never to
        the mailbox itself.
      </p>
      <ForgotPasswordForm />
    </BrandedPrompt>
  );
}
