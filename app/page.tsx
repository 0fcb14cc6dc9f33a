import { redirect } from 'next/navigation';
import { requireSessionOrRedirect } from '@/lib/auth/require-session';

export default async function HomePage() {
  await requireSessionOrRedirect();
  redirect('/settings/security');
}
