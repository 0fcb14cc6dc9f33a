import type { ReactNode } from 'react';
import { StaffShell } from '@/components/staff-shell';

// Every staff screen under this folder wears the one staff navigation.
export default function Layout({ children }: { children: ReactNode }) {
  return <StaffShell>{children}</StaffShell>;
}
