// `gatehouse maintenance …`: see USAGE in lib/cli/run.ts.
import { purgeExpiredRecords } from '@/lib/maintenance/purge-expired-records';
import type { Commands } from '../command';

export const maintenanceCommands: Commands = {
  'maintenance purge': async ({ out }) => {
    const purged = await purgeExpiredRecords();
    out.log(
      `Deleted ${purged.oneTimeCodes} expired codes, ${purged.pendingLogins} expired pending logins, ${purged.passwordRecoveries} expired password recoveries and ${purged.sessions} ended sessions.`,
    );
    return 0;
  },
};
