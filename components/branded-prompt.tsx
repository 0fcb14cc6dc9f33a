import type { ReactNode } from 'react';
import { brandStylesheet } from '@/lib/brands/brand-stylesheet';
import { DEFAULT_BRAND_SLUG } from '@/lib/brands/default-brand';
import { PROMPT_CLASS_NAMES as C } from '@/lib/brands/prompt-class-names';
import type { BrandLook } from '@/lib/brands/read-brand-look';

/**
 * The frame of the sign-in page, the token prompt and the enrolment wizard, carrying the stable
 * class names brands style (README, "Styling the token prompt"). The brand's stylesheet comes from
 * our own origin (app/brands/[slug]/prompt.css), which style-src 'self' allows on every render,
 * client navigations after a server action included. Only the settings screen's preview, which
 * renders an unsaved stylesheet, puts it inline, under the page's CSP nonce.
 */
export function BrandedPrompt({
  look,
  preview,
  title,
  className = 'mx-auto max-w-md space-y-6',
  footer,
  children,
}: {
  look: BrandLook | null;
  /** An unsaved look to show inline, with the nonce of the page it is shown on. */
  preview?: { nonce: string | null };
  title: ReactNode;
  className?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const inlineCss = look && preview ? brandStylesheet(look) : '';
  const isShown = look !== null && (look.slug !== DEFAULT_BRAND_SLUG || look.logoUrl !== null);
  return (
    <div className={`${C.wrapper} ${className}`}>
      {look?.stylesheetUrl && !preview && <link rel="stylesheet" href={look.stylesheetUrl} precedence="brand" />}
      {inlineCss && preview?.nonce && <style nonce={preview.nonce}>{inlineCss}</style>}
      {isShown && (
        <div className={`${C.header} flex items-center gap-3 border-b-2 border-transparent pb-3`}>
          {look.logoUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- served by us and small; next/image adds an inline style the CSP refuses
            <img src={look.logoUrl} alt="" className={`${C.logo} h-10 w-auto max-w-[200px]`} />
          )}
          <p className="text-lg font-semibold">{look.name}</p>
        </div>
      )}
      <h1 className={`${C.title} text-2xl font-semibold`}>{title}</h1>
      <div className={`${C.body} space-y-6`}>{children}</div>
      {footer && <div className={`${C.footer} space-y-2`}>{footer}</div>}
    </div>
  );
}
