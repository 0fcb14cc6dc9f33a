// One definition of "two-factor authentication is on", for every query that needs it: a
// confirmed authenticator app, a confirmed backup phone or a confirmed alternate e-mail address
// (the last two exist without an app only when the platform lets codes stand alone).
export const MFA_STATE_SELECT = {
  totp: { select: { confirmedAt: true } },
  alternateEmail: { select: { id: true } },
  _count: { select: { phones: true } },
} as const;

export type MfaState = {
  totp: { confirmedAt: Date | null } | null;
  alternateEmail: { id: string } | null;
  _count: { phones: number };
};

export function isMfaEnabled(state: MfaState): boolean {
  return Boolean(state.totp?.confirmedAt) || state._count.phones > 0 || state.alternateEmail !== null;
}

export function hasAuthenticatorApp(state: Pick<MfaState, 'totp'>): boolean {
  return Boolean(state.totp?.confirmedAt);
}
