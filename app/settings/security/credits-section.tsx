import Link from 'next/link';
import { readSmsPayer } from '@/lib/credits/read-sms-payer';

/**
 * The security page's "SMS credits": only for a mailbox that pays for its own texts (in no family
 * or business account, in a brand where mailboxes pay). Its balance and the way to buy more.
 */
export async function CreditsSection({ userId }: { userId: string }) {
  const payer = await readSmsPayer(userId);
  if (payer.kind !== 'mailbox') return null;
  return (
    <section aria-labelledby="credits-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="credits-heading" className="text-lg font-semibold">
        SMS credits
      </h2>
      <p className="text-sm text-slate-700">
        Sign-in codes by text or call are paid from your own SMS credits: you have <strong>{payer.creditBalance}</strong>. A text costs 1
        credit. Without credits you can still sign in with your authenticator app or a backup code.
      </p>
      <Link href="/settings/credits" className="inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
        Buy SMS Credits
      </Link>
    </section>
  );
}
