import { redirect } from 'next/navigation';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';

export default async function HomePage() {
  await requireSessionOrRedirect();
  redirect('/settings/security');
}
