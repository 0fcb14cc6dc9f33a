// `gatehouse brand …`: see USAGE in lib/cli/run.ts.
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { switchesHeldByPlatform } from '@/lib/policy/held-by-platform';
import { createBrand } from '@/lib/brands/create-brand';
import { deleteBrand } from '@/lib/brands/delete-brand';
import { listBrands } from '@/lib/brands/list-brands';
import { updateBrandSenders } from '@/lib/brands/update-brand-senders';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { parseCreditPackLines, updateBrandCredits } from '@/lib/credits/update-brand-credits';
import { formatPrice, readBrandCredits } from '@/lib/credits/credit-packs';
import { parsePolicyFlags } from '../policy-flags';
import { formatPolicy } from '../format-policy';
import { findBrand } from '@/lib/brands/find-brand';
import { readBrandSenders } from '@/lib/brands/read-brand-senders';
import type { Commands } from '../command';
import { updateBrandLook } from '@/lib/brands/update-brand-look';
import { hasLookFlags, parseLookFlags } from '../look-flags';

/** The command's brand: the positional after `brand set|show|delete`. */
async function brandArgument(positionals: string[]) {
  return findBrand(positionals[2] ?? '');
}

export const brandCommands: Commands = {
  'brand create': async ({ actor, values, out }) => {
    const brand = await createBrand({
      actor,
      brand: { name: values.name ?? '', slug: values.slug ?? '', domains: values.domain ?? [], hosts: values.host ?? [], supportContact: values.support ?? null },
    });
    out.log(values.json ? JSON.stringify(brand) : `Created the brand ${brand.slug}.`);
    return 0;
  },
  'brand list': async ({ actor, values, out }) => {
    const brands = await listBrands({ actor });
    if (values.json) out.log(JSON.stringify(brands));
    else for (const brand of brands) out.log(`${brand.slug}\t${brand.name}\t${brand.domains.join(',')}\t${brand.hosts.join(',')}\tmailboxes: ${brand.mailboxes}`);
    return 0;
  },
  'brand delete': async ({ actor, positionals, out }) => {
    const brand = await brandArgument(positionals);
    await deleteBrand({ actor, brandId: brand.id });
    out.log(`Deleted the brand ${brand.slug}.`);
    return 0;
  },
  'brand show': async ({ values, positionals, out }) => {
    const brand = await brandArgument(positionals);
    const effective = await getEffectivePolicy({ brandId: brand.id });
    const held = switchesHeldByPlatform(await getEffectivePolicy('platform'));
    const credits = await readBrandCredits(brand.id);
    const senders = await readBrandSenders({ brandId: brand.id });
    const senderLines = `E-mails from: ${senders.emailFromHeader}\nSMS sender: ${senders.smsSender ?? "the platform's"}`;
    const creditLines = `Texts paid by: ${credits.textsPaidBy === 'MAILBOX' ? 'the mailbox' : 'the platform'}\nSMS credit packs: ${
      credits.creditPacks.length > 0 ? credits.creditPacks.map((pack) => `${pack.credits} for ${formatPrice(pack.amountCents)}`).join(', ') : "the platform's"
    }`;
    out.log(
      values.json
        ? JSON.stringify({ ...effective, heldByPlatform: held, ...credits, senders })
        : `${brand.name} (${brand.slug})\n${formatPolicy(effective.settings, effective.sources, held)}\n${creditLines}\n${senderLines}`,
    );
    return 0;
  },
  'brand set': async ({ actor, values, positionals, out }) => {
    const brand = await brandArgument(positionals);
    // Who pays for texts and the brand's packs are the brand's own columns (updateBrandCredits).
    const payerWord = values['texts-paid-by'];
    const hasCreditFlags = payerWord !== undefined || values.packs !== undefined;
    // The brand's own senders (updateBrandSenders); "platform" (or nothing) goes back to the platform's.
    const emailFrom = values['email-from'];
    const smsSender = values['sms-sender'];
    const hasSenderFlags = emailFrom !== undefined || smsSender !== undefined;
    const changes = parsePolicyFlags(values, { canInherit: true, mayBeEmpty: hasCreditFlags || hasLookFlags(values) || hasSenderFlags });
    if (Object.keys(changes).length > 0) await updateBrandSettings({ actor, brandId: brand.id, changes });
    if (hasCreditFlags) {
      await updateBrandCredits({
        actor,
        brandId: brand.id,
        textsPaidBy: payerWord === undefined ? undefined : payerWord.toUpperCase(),
        // `--packs none` clears them; otherwise "100:500,500:2000"-style credits:price pairs, prices in the currency's units (5.00).
        packs: values.packs === undefined ? undefined : values.packs.trim().toLowerCase() === 'none' ? [] : parseCreditPackLines(values.packs),
      });
    }
    if (hasLookFlags(values)) {
      const { dropped } = await updateBrandLook({ actor, brandId: brand.id, ...(await parseLookFlags(values, brand.id)) });
      // What the stylesheet sanitiser took out, and why, as the Look screen lists it.
      for (const rule of dropped) out.error(`Dropped from the stylesheet: ${rule.what} (${rule.reason})`);
    }
    if (hasSenderFlags) {
      const before = await readBrandSenders({ brandId: brand.id });
      const senderValue = (flag: string | undefined, current: string | null) => (flag === undefined ? current : flag.trim().toLowerCase() === 'platform' ? null : flag);
      await updateBrandSenders({
        actor,
        brandId: brand.id,
        senders: { emailFrom: senderValue(emailFrom, before.emailFrom), smsSender: senderValue(smsSender, before.smsSender) },
      });
    }
    const effective = await getEffectivePolicy({ brandId: brand.id });
    const held = switchesHeldByPlatform(await getEffectivePolicy('platform'));
    out.log(values.json ? JSON.stringify({ ...effective, heldByPlatform: held }) : `Saved.\n${formatPolicy(effective.settings, effective.sources, held)}`);
    return 0;
  },
};
