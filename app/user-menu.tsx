import Link from 'next/link';
import { mayChangePlatformSettings } from '@/lib/access/may-change-platform-settings';
import { mayManageBrands } from '@/lib/access/may-manage-brands';
import { mayUseSupportConsole } from '@/lib/access/may-use-support-console';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { signOutFromMenuAction } from '@/app/settings/security/actions';

const ITEM = 'block w-full px-4 py-2 text-left text-sm text-slate-900 hover:bg-slate-100 focus:bg-slate-100';

/**
 * The user menu in the header's top-right corner, named by the login: a <details> disclosure, so it
 * opens with a click, Enter or Space and works without JavaScript (no script ships for it), and
 * Sign out is a plain form post. Staff find their consoles here from any page.
 */
export function UserMenu({ current }: { current: CurrentSession }) {
  return (
    <details className="user-menu relative">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-900 hover:bg-slate-100">
        <span className="sr-only">User menu: </span>
        {current.user.email}
        <span aria-hidden="true"> ▾</span>
      </summary>
      <nav aria-label="User menu" className="absolute right-0 z-10 mt-1 w-56 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
        <ul>
          <li>
            <Link href="/settings/security" className={ITEM}>
              Account Security
            </Link>
          </li>
          <li>
            <Link href="/settings" className={ITEM}>
              Settings
            </Link>
          </li>
          {mayChangePlatformSettings(current) && (
            <li>
              <Link href="/admin/platform" className={ITEM}>
                Platform settings
              </Link>
            </li>
          )}
          {mayManageBrands(current) && (
            <li>
              <Link href="/admin/brands" className={ITEM}>
                Brand settings
              </Link>
            </li>
          )}
          {mayUseSupportConsole(current) && (
            <li>
              <Link href="/support" className={ITEM}>
                Support
              </Link>
            </li>
          )}
          <li className="border-t border-slate-200">
            <form action={signOutFromMenuAction}>
              <button type="submit" className={ITEM}>
                Sign out
              </button>
            </form>
          </li>
        </ul>
      </nav>
    </details>
  );
}
