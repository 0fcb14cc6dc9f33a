import type { Metadata } from 'next';
import Link from 'next/link';
import { BrandedPrompt } from '@/components/branded-prompt';
import { findBrandForHost } from '@/lib/brands/find-brand-for-host';
import { requestHost } from '@/lib/http/request-host';
import { OpenLinkForm } from '../../forms';

// The link's secret is in the address: no request from this page carries it in a Referer, not
// even to our own pages. Not no-referrer: with it, Chromium sends `Origin: null` on the Continue
// form's post, and the server action's origin check would refuse it (next.config.js).
export const metadata: Metadata = { title: 'Reset your password', referrer: 'strict-origin' };

/**
 * Where support's reset link lands. Opening it changes nothing (mail scanners follow links);
 * "Continue" posts the secret, which then becomes the browser's recovery cookie.
 */
export default async function RecoveryLinkPage({ params }: { params: Promise<{ secret: string }> }) {
  const [{ secret }, look] = await Promise.all([params, findBrandForHost({ host: await requestHost() })]);
  return (
    <BrandedPrompt
      look={look}
      title="Reset your password"
      className="mx-auto max-w-sm space-y-6"
      footer={
        <Link href="/sign-in" className="block text-sm text-blue-700 underline">
          Back to sign in
        </Link>
      }
    >
      <p className="text-slate-600">
        Support sent you this link to reset your password. It works once, for 30 minutes. If you did not ask for it, close this page and
        tell your provider’s support.
      </p>
      <OpenLinkForm secret={secret.slice(0, 200)} />
    </BrandedPrompt>
  );
}
