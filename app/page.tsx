import { redirect } from 'next/navigation';
import { requireSessionOrRedirect } from '@/lib/sessions/require-session';

export default async function HomePage() {
  await requireSessionOrRedirect();
  redirect('/settings/security');
}
