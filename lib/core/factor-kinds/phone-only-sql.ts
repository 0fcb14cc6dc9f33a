import { SECOND_FACTOR_KINDS } from './index';
import { PHONE_SQL } from './phone';

/**
 * "Signs in only with a phone's codes", as SQL over the account row `u`: a phone, and none of the
 * registry's other kinds (an authenticator, an alternate address, unused backup codes: each lets it
 * sign in when no text can be sent). The one definition behind the refusals that would otherwise
 * lock such a mailbox out: a brand letting mailboxes pay (updateBrandCredits), an organisation
 * turning SMS logins off (updateOrganisationPreferences).
 */
const OTHER_FACTOR_SQL = [...new Set(SECOND_FACTOR_KINDS.map((kind) => kind.enrolledSql).filter((sql) => sql !== PHONE_SQL))].join(' OR ');

export const PHONE_ONLY_SQL = `(${PHONE_SQL} AND NOT (${OTHER_FACTOR_SQL}))`;
