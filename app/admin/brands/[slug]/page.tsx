import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { readBrandSettingsScreen } from '@/lib/brands/read-brand-settings-screen';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { loadBrand } from './load-brand';
import { BrandSettingsForm } from './brand-settings-form';
import { BrandCreditsForm } from './brand-credits-form';
import { BrandSendersForm } from './brand-senders-form';
import { readBrandSenders } from '@/lib/brands/read-brand-senders';
import { getEnv } from '@/lib/config/env';
import { formatPrice, listCreditPacks, readBrandCredits } from '@/lib/credits/credit-packs';
import { creditPackLines } from '@/lib/credits/update-brand-credits';

export const metadata: Metadata = { title: 'Brand settings' };

export default async function BrandSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  // Another brand's settings do not exist for this person: the same 404 as an unknown brand (loadBrand).
  const { current, brand } = await loadBrand((await params).slug, 'brand_settings.change');
  if (!brand) return <StaffMfaRequired title="Brand settings" />;
  const { effective, platform, held } = await readBrandSettingsScreen({ brandId: brand.id });
  const needsCode = !hasRecentSecondFactor(current.session);
  const [credits, senders] = await Promise.all([readBrandCredits(brand.id), readBrandSenders({ brandId: brand.id })]);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/admin/brands" className="text-sm text-blue-700 underline">
          All brands
        </Link>
        <h1 className="text-2xl font-semibold">{brand.name}</h1>
        <p className="text-slate-600">
          What the brand&apos;s mailboxes may do with two-factor authentication. Each setting follows the platform&apos;s default until
          you change it; methods the platform does not offer cannot be offered here, and a security switch the platform set
          the stricter way is held by the platform: a brand may be stricter than the platform, never looser.
        </p>
      </div>
      <section aria-labelledby="settings-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="settings-heading" className="text-lg font-semibold">
          Settings
        </h2>
        <BrandSettingsForm
          slug={brand.slug}
          effective={effective}
          platform={platform}
          held={held}
          needsCode={needsCode}
        />
      </section>
      <section aria-labelledby="credits-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="credits-heading" className="text-lg font-semibold">
          SMS credits
        </h2>
        <BrandCreditsForm
          slug={brand.slug}
          textsPaidBy={credits.textsPaidBy}
          packLines={creditPackLines(credits.creditPacks)}
          platformPacks={listCreditPacks().map((pack) => `${pack.credits} for ${formatPrice(pack.amountCents)}`).join(', ')}
          minimumCentsPerCredit={getEnv().SMS_CREDIT_MIN_CENTS_PER_CREDIT}
          needsCode={needsCode}
        />
      </section>
      <section aria-labelledby="senders-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="senders-heading" className="text-lg font-semibold">
          Senders
        </h2>
        <p className="text-sm text-slate-600">Who the brand&apos;s e-mails and texts come from. Every message names the brand.</p>
        <BrandSendersForm
          slug={brand.slug}
          emailFrom={senders.emailFrom}
          smsSender={senders.smsSender}
          emailFromHeader={senders.emailFromHeader}
          needsCode={needsCode}
        />
      </section>
    </div>
  );
}
