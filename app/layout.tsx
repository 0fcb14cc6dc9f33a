import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { readPageBrand } from '@/lib/brands/read-page-brand';
import { requestHost } from '@/lib/http/request-host';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { readSignInAttempt } from '@/lib/sign-in/sign-in-attempt';
import { UserMenu } from './user-menu';
import './globals.css';

/**
 * The brand every page is shown under: the signed-in account's, else the host's, else the
 * platform's. Between the password and the second factor the account is known too, and its token
 * prompt and wizard already show its brand's look: the title and header say the same name.
 */
async function pageBrand() {
  const current = await getCurrentSession();
  const userId = current?.user.id ?? (await readSignInAttempt()).attempt?.pendingLogin.userId ?? null;
  return readPageBrand({ userId, host: await requestHost() });
}

export async function generateMetadata(): Promise<Metadata> {
  await connection();
  const { name } = await pageBrand();
  return {
    title: { default: name, template: `%s · ${name}` },
    description: 'Account security for your mailbox',
    robots: { index: false },
    icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next puts the request's CSP nonce (proxy.ts) on its
  // scripts only while rendering, so a page prerendered at build time would carry none and the
  // browser would refuse its scripts.
  await connection();
  const current = await getCurrentSession();
  const brand = await pageBrand();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="no-print border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
              {brand.name}
            </Link>
            <div className="flex items-center gap-3">
              {current?.session.isRestricted && (
                // Said on every page, so the person at a borrowed computer knows why nothing can be changed.
                <Link
                  href="/settings/security#restricted-login"
                  data-testid="restricted-login"
                  className="rounded-full border border-amber-400 bg-amber-50 px-3 py-1 text-sm font-semibold text-amber-900"
                >
                  Restricted login
                </Link>
              )}
              {current && <UserMenu current={current} />}
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-3xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
