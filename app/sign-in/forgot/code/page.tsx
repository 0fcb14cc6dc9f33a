import type { Metadata } from 'next';
import Link from 'next/link';
import { BrandedPrompt } from '@/components/branded-prompt';
import { findBrandForHost } from '@/lib/brands/find-brand-for-host';
import { requestHost } from '@/lib/http/request-host';
import { SupportCodeForm } from '../forms';

export const metadata: Metadata = { title: 'Reset code from support' };

export default async function SupportCodePage() {
  const look = await findBrandForHost({ host: await requestHost() });
  return (
    <BrandedPrompt
      look={look}
      title="I have a reset code from support"
      className="mx-auto max-w-sm space-y-6"
      footer={
        <Link href="/sign-in/forgot" className="block text-sm text-blue-700 underline">
          Back to “Forgot password?”
        </Link>
      }
    >
      <p className="text-slate-600">
        Enter your mailbox address and the reset code support gave you after checking who you are. The code works once, for 30 minutes.
      </p>
      <SupportCodeForm />
    </BrandedPrompt>
  );
}
