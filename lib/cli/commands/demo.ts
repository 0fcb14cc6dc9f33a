// `gatehouse demo …`: see USAGE in lib/cli/run.ts.
import { listUsers } from '@/lib/users/list-users';
import { readDemoPasswords } from '@/lib/users/demo-passwords';
import { DEMO_ACCOUNTS, demoAuthenticatorKeyName, seedDemoAccounts } from '@/lib/users/seed-demo-accounts';
import { isProduction } from '@/lib/config/env';
import type { Commands } from '../command';

export const demoCommands: Commands = {
  'demo seed': async ({ actor, out }) => {
    if (isProduction()) {
      out.error('Demo accounts exist only in development; GATEHOUSE_ENV is production.');
      return 1;
    }
    const { created, replaced, hadPublishedPassword } = await seedDemoAccounts({ actor });
    out.log(created.length ? `Created: ${created.join(', ')}` : 'The demo accounts already exist.');
    if (replaced.length) out.log(`Gave this installation's passwords to: ${replaced.join(', ')}`);
    if (hadPublishedPassword.length) out.error(`These still had a published password and were reset: ${hadPublishedPassword.join(', ')}`);
    out.log('Passwords: npx gatehouse demo show');
    return 0;
  },
  'demo show': async ({ out }) => {
    if (isProduction()) {
      out.error('Demo accounts exist only in development; GATEHOUSE_ENV is production.');
      return 1;
    }
    const passwords = readDemoPasswords();
    if (!passwords) {
      out.error('No demo passwords yet: `npm start` (or `npx gatehouse demo seed`) makes them on first run.');
      return 1;
    }
    const existing = new Set((await listUsers()).map((user) => user.email));
    for (const account of DEMO_ACCOUNTS) {
      const what = account.role ? `${account.role}${account.brand ? ` of ${account.brand}` : ''}` : 'mailbox';
      const note = existing.has(account.email) ? '' : '  (not in this database: npx gatehouse demo seed)';
      out.log(`${account.email}  ${passwords[account.email] ?? '(none yet: npx gatehouse demo seed)'}  (${what})${note}`);
      const key = passwords[demoAuthenticatorKeyName(account.email)];
      if (key) out.log(`  authenticator app key: ${key}`);
    }
    return 0;
  },
};
