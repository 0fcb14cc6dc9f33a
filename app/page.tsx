import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/auth/get-current-session';

export default async function HomePage() {
  redirect((await getCurrentSession()) ? '/settings/security' : '/sign-in');
}
