import type { RoleName } from '@/lib/db/generated/enums';

/** One staff role as a session holds it: brandId null for the platform's roles. */
export type HeldRole = { role: RoleName; brandId: string | null };

/** The roles as the command line and the README name them. */
export const ROLE_WORDS = {
  'platform-admin': 'PLATFORM_ADMIN',
  'platform-support': 'PLATFORM_SUPPORT',
  'brand-admin': 'BRAND_ADMIN',
  'brand-support': 'BRAND_SUPPORT',
} as const satisfies Record<string, RoleName>;
export type RoleWord = keyof typeof ROLE_WORDS;

/** Brand roles need a brand; platform roles must not have one. */
export function isBrandRole(role: RoleName): boolean {
  return role === 'BRAND_ADMIN' || role === 'BRAND_SUPPORT';
}

export function roleWord(role: RoleName): RoleWord {
  const word = (Object.keys(ROLE_WORDS) as RoleWord[]).find((key) => ROLE_WORDS[key] === role);
  if (!word) throw new Error(`No word for role ${role}`);
  return word;
}
