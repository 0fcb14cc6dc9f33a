import type { BrandLook } from '@/lib/brands/read-brand-look';

/**
 * The way back in for someone who lost their phone: backup codes first, then the brand's support,
 * with what support will ask. It names only the brand the prompt already shows, so it says nothing
 * more about the account than the prompt does.
 */
export function CantUseAnyOfThese({ look }: { look: BrandLook | null }) {
  const contact = look?.supportContact ?? null;
  const supportName = look ? `${look.name} support` : 'support';
  const isEmail = contact !== null && contact.includes('@') && !contact.startsWith('https://');
  return (
    <details className="text-sm text-slate-700">
      <summary className="cursor-pointer font-medium">Can’t use any of these?</summary>
      <div className="mt-2 space-y-2">
        <p>
          If you saved backup codes when you turned on two-factor authentication, enter one above: each works once, also without your
          phone.
        </p>
        <p>
          Otherwise, contact {supportName}
          {contact ? (
            <>
              {' '}
              at{' '}
              <a href={isEmail ? `mailto:${contact}` : contact} className="text-blue-700 underline" rel="noopener noreferrer">
                {contact}
              </a>
            </>
          ) : (
            ' through the help pages of your e-mail provider'
          )}
          .
        </p>
        <p>
          Support will first check that you own this mailbox, the way your provider does (for example with details of your account
          that only you know), and may then give you recovery codes or turn off two-factor authentication so you can set it up again.
          You will get an e-mail either way. Support never asks for your password or for a code.
        </p>
      </div>
    </details>
  );
}
