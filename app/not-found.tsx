import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

// Next's built-in 404 styles itself with style="" attributes and an unsigned <style>, which the
// Content-Security-Policy (proxy.ts) refuses; this one uses the app's stylesheet only.
export default function NotFound() {
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p>There is no page at this address.</p>
      <Link href="/settings/security" className="font-semibold text-blue-700 underline">
        Go to Account Security
      </Link>
    </div>
  );
}
