import Link from 'next/link';
import { APP_ERRORS } from '@/lib/errors/app-error';

/** What a staff screen shows a staff member whose session did not pass a second factor. */
export function StaffMfaRequired({ title }: { title: string }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="alert">{APP_ERRORS.STAFF_MFA_REQUIRED.message}</p>
      <Link href="/settings/security" className="text-blue-700 underline">
        Go to Account Security
      </Link>
    </div>
  );
}
