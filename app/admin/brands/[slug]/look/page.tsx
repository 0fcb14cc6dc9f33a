import type { Metadata } from 'next';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { readBrandLookSettings } from '@/lib/brands/read-brand-look-settings';
import { getCspNonce } from '@/lib/http/get-csp-nonce';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { loadBrand } from '../load-brand';
import { BrandLookForm } from './brand-look-form';
import { UPLOAD_TOO_LARGE_PARAM, UPLOAD_TOO_LARGE_VALUE } from '@/lib/http/upload-limit';

export const metadata: Metadata = { title: 'Look' };

export default async function BrandLookPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { current, brand } = await loadBrand((await params).slug, 'brand_settings.change');
  if (!brand) return <StaffMfaRequired title="Look" />;
  const [lookSettings, nonce] = await Promise.all([readBrandLookSettings({ brandId: brand.id }), getCspNonce()]);
  return (
    <section aria-labelledby="look-heading" className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm text-slate-600">{brand.name}</p>
        <h1 id="look-heading" className="text-2xl font-semibold">
          Look
        </h1>
        <p className="text-slate-600">
          How the sign-in page on the brand&apos;s host names and the token prompt of the brand&apos;s mailboxes look.
        </p>
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-5">
        <BrandLookForm
          slug={brand.slug}
          look={lookSettings.look}
          values={lookSettings.values}
          nonce={nonce}
          needsCode={!hasRecentSecondFactor(current.session)}
          isUploadTooLarge={(await searchParams)[UPLOAD_TOO_LARGE_PARAM] === UPLOAD_TOO_LARGE_VALUE}
        />
      </div>
    </section>
  );
}
