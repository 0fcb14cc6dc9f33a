// The one table of errors Gatehouse shows its users. Domain code throws AppError('CODE') and never
// writes its own user text: the sentence lives here, once, and `field` names the form field it
// belongs beside. The action boundary turns it into form state, route handlers into a status,
// the command line into a line on stderr. Anything else is a bug: logged, shown as a generic
// message.
export const APP_ERRORS = {
  INVALID_INPUT: { status: 400, message: 'Please correct the fields marked below.' },
  NOTHING_TO_CHANGE: { status: 400, message: 'Give at least one setting to change.' },
  INVALID_CREDENTIALS: { status: 401, message: 'That e-mail address and password do not match an account.' },
  INVALID_PASSWORD: { status: 401, message: 'That password is not correct.', field: 'password' },
  CURRENT_PASSWORD_WRONG: { status: 401, message: 'That is not your current password.', field: 'currentPassword' },
  NEW_PASSWORD_UNCHANGED: {
    status: 400,
    message: 'The new password is the same as your current one. Choose a different password.',
    field: 'newPassword',
  },
  // The field's message is the estimator's own warning and suggestions (lib/passwords/check-new-password.ts).
  PASSWORD_TOO_WEAK: { status: 400, message: 'That password is too easy to guess. See the advice below and choose another.' },
  NEW_PASSWORD_IS_SMS_PASSWORD: {
    status: 400,
    message:
      'That is your SMS password. Your account password must be different from it, so that one of them seen or guessed does not give away the other. Choose another password.',
    field: 'newPassword',
  },
  INVALID_CODE: { status: 401, message: 'That code is not valid. Check it and try again.' },
  CODE_ALREADY_USED: { status: 401, message: 'That code has already been used. Wait for the next code in your app.' },
  SENT_CODE_NOT_FOUND: { status: 401, message: 'That code is not valid. Ask for a new code and try again.' },
  SENT_CODE_TRIES_USED: { status: 401, message: 'Too many wrong tries for this code. Ask for a new one.' },
  SENT_CODE_ALREADY_USED: { status: 401, message: 'That code has already been used. Ask for a new one.' },
  CODE_EXPIRED: { status: 401, message: 'That code has expired. Ask for a new one.' },
  ENROLMENT_CODE_MISMATCH: {
    status: 401,
    message: 'That code does not match. Check the time on your phone and enter the newest code.',
    field: 'code',
  },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many attempts. Please wait and try again.' },
  ACCOUNT_LOCKED: {
    status: 429,
    message: 'This sign-in method is locked after too many failed attempts. Contact support to unlock it.',
  },
  LOGIN_EXPIRED: { status: 401, message: 'Your sign-in has expired. Please sign in again.' },
  LOGIN_ATTEMPTS_USED: { status: 401, message: 'Too many wrong codes for this sign-in. Please sign in again.' },
  NOT_SIGNED_IN: { status: 401, message: 'Please sign in.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do that.' },
  RESTRICTED_LOGIN: {
    status: 403,
    message: 'You signed in with a restricted login, which cannot change or remove anything. Sign in with your password and a second factor to do that.',
  },
  ALTERNATIVE_LOGINS_NOT_FOR_STAFF: {
    status: 403,
    message: 'Staff accounts sign in with their password and a second factor only, so they cannot have alternative logins.',
  },
  ALTERNATIVE_LOGINS_NEED_FULL_SIGN_IN: {
    status: 403,
    message: 'Alternative logins are managed only after signing in with your account password and a second factor. Turn on two-step verification, then sign out and sign in again with it.',
  },
  ALTERNATIVE_LOGIN_NOT_ACCEPTED: {
    status: 403,
    message: 'This account requires two-step verification, so a one-time password without its memorised prefix is not accepted. Sign in with your password, or with a list that has a prefix.',
  },
  ONE_TIME_PASSWORD_USED: {
    status: 401,
    message: 'That one-time password has already been used. Each one on your list works once: take the next one.',
  },
  SMS_PASSWORD_NEEDS_TEXT_CODE: {
    status: 401,
    message: 'You signed in with your SMS password: enter the code we texted to your mobile number.',
  },
  NO_MOBILE_NUMBER: {
    status: 409,
    message: 'There is no mobile number for SMS logins on this account. Sign in with your password, or another way.',
  },
  // The Alternative Logins page and its verbs (the sign-in side says NO_MOBILE_NUMBER instead).
  SMS_PASSWORD_NEEDS_MOBILE: {
    status: 409,
    message:
      'Choose your mobile number first: on the Account Security page, press “Use for SMS logins” beside one of your backup phones. The codes of an SMS password are texted there.',
  },
  SMS_PASSWORD_IS_ACCOUNT_PASSWORD: {
    status: 400,
    message: 'Choose a password other than your account password: an SMS password is for computers you do not trust with that one.',
    field: 'password',
  },
  ONE_TIME_PREFIX_TOO_SHORT: { status: 400, message: 'Make the prefix at least 4 characters long, or leave it empty.', field: 'prefix' },
  ONE_TIME_PREFIX_TOO_LONG: { status: 400, message: 'Keep the prefix to 64 characters or fewer.', field: 'prefix' },
  ONE_TIME_LIST_NEEDS_PREFIX: {
    status: 409,
    message:
      'Your provider requires two-step verification, so a one-time list counts only with a memorised prefix. Choose a prefix of at least 4 characters.',
    field: 'prefix',
  },
  ALTERNATIVE_LOGIN_NOT_FOUND: { status: 404, message: 'That alternative login no longer exists: it may have been deleted already.' },
  STAFF_MFA_REQUIRED: {
    status: 403,
    message: 'Staff tools need two-factor authentication: turn it on in Account Security, then sign out and sign in again with it.',
  },
  MFA_ALREADY_ENABLED: { status: 409, message: 'Two-factor authentication is already on.' },
  MFA_NOT_ENABLED: { status: 409, message: 'Two-factor authentication is not on.' },
  ENROLMENT_NOT_STARTED: { status: 409, message: 'Start the set-up again from the Account Security page.' },
  REAUTH_REQUIRED: { status: 401, message: 'To confirm it is you, enter a current code.', field: 'code' },
  REAUTH_BY_SIGNING_IN: {
    status: 401,
    message: 'For your security, sign out and sign in again with a code, then add the app.',
  },
  EMAIL_TAKEN: { status: 409, message: 'An account with that e-mail address already exists.' },
  USER_NOT_FOUND: { status: 404, message: 'No account has that e-mail address.' },
  DELIVERY_FAILED: {
    status: 502,
    message: 'We could not send the code just now. Please use another method, such as your authenticator app or a backup code, or try again later.',
  },
  COUNTRY_NOT_ALLOWED: {
    status: 400,
    message: 'Gatehouse cannot send texts or calls to numbers in that country. Use an authenticator app instead.',
  },
  SEND_LIMIT_NUMBER: { status: 429, message: 'Too many codes were sent to this number in the last hour. Nothing was sent. Use another method, or wait.' },
  SEND_LIMIT_ADDRESS: { status: 429, message: 'Too many codes were sent to this address in the last hour. Nothing was sent. Use another method, or wait.' },
  SEND_LIMIT_ACCOUNT: { status: 429, message: 'Too many codes were sent for this account in the last hour. Nothing was sent. Use another method, or wait.' },
  SEND_LIMIT_NETWORK: { status: 429, message: 'Too many codes were asked for from your network in the last hour. Nothing was sent. Use another method, or wait.' },
  SEND_LIMIT_COUNTRY: {
    status: 429,
    message: 'Too many codes were sent to numbers in that country in the last hour. Nothing was sent. Use another method, or wait.',
  },
  RESEND_TOO_SOON: { status: 429, message: 'A code was sent moments ago. Please wait before asking for another.' },
  METHOD_NOT_AVAILABLE: { status: 403, message: 'That method is not available on this service.' },
  METHOD_NOT_SELF_SERVICE: { status: 403, message: 'Only an administrator can set this method up for you. Please contact support.' },
  NO_METHOD_LEFT: { status: 400, message: 'Keep at least one second factor available.' },
  HELD_BY_PLATFORM: { status: 400, message: 'The platform holds some of these settings: a brand may make them stricter, not looser. See the fields marked below.' },
  AUTHENTICATOR_REQUIRED: {
    status: 409,
    message: 'Set up an authenticator app first: text, call and e-mail codes can only be a backup to it here.',
  },
  PHONE_EMPTY: { status: 400, message: 'Enter a phone number.', field: 'number' },
  PHONE_CHARACTERS: { status: 400, message: 'A phone number has only digits, spaces, brackets, dashes and a leading +.', field: 'number' },
  PHONE_TOO_SHORT: { status: 400, message: 'That number is too short for the country you picked.', field: 'number' },
  PHONE_TOO_LONG: { status: 400, message: 'That number is too long for the country you picked.', field: 'number' },
  PHONE_COUNTRY_UNKNOWN: { status: 400, message: 'Pick the country of the number, or start it with + and the country code.', field: 'number' },
  PHONE_INVALID: { status: 400, message: 'That is not a valid phone number for the country you picked. Check the digits.', field: 'number' },
  PHONE_NOT_PERSONAL: {
    status: 400,
    message: 'Use a mobile or landline number. Premium-rate, toll-free and other service numbers cannot receive codes.',
    field: 'number',
  },
  PHONE_ALREADY_ADDED: { status: 409, message: 'That number is already one of the backup phones.', field: 'number' },
  PHONE_NOT_FOUND: { status: 404, message: 'That phone is not on your account.' },
  ALTERNATE_EMAIL_IS_MAILBOX: {
    status: 400,
    message:
      'That address delivers into this mailbox (it is the same address, or the same with a +tag). Use an address of another mailbox: if you cannot get into this one, a code sent there cannot help.',
    field: 'address',
  },
  ALTERNATE_EMAIL_EXISTS: { status: 409, message: 'There is already an alternate address. Remove it first to use another.' },
  ALTERNATE_EMAIL_NOT_FOUND: { status: 404, message: 'There is no alternate address to remove.' },
  ALREADY_ADDED: { status: 409, message: 'That is already on your account.' },
  LAST_FACTOR: {
    status: 409,
    message: 'This is your only second factor. To remove it, turn off two-factor authentication instead.',
  },
  BRAND_NOT_FOUND: { status: 404, message: 'No brand has that short name.', field: 'brand' },
  BRAND_SLUG_TAKEN: { status: 409, message: 'Another brand already has that short name.', field: 'slug' },
  BRAND_DOMAIN_TAKEN: { status: 409, message: 'Another brand already owns that mail domain.', field: 'domain' },
  BRAND_HOST_TAKEN: { status: 409, message: 'Another brand already uses that host name.', field: 'host' },
  // A domain request never says which brand holds or asks for a domain: only that it is not free.
  BRAND_DOMAIN_ALREADY_YOURS: { status: 409, message: 'The brand already owns that mail domain.', field: 'domain' },
  BRAND_DOMAIN_REQUESTED: {
    status: 409,
    message: 'That mail domain is already waiting for a platform administrator’s approval. Wait for the answer, or cancel a request of yours first.',
    field: 'domain',
  },
  BRAND_DOMAIN_NOT_FOUND: { status: 404, message: 'The brand does not own that mail domain.', field: 'domain' },
  BRAND_DOMAIN_HAS_MAILBOXES: {
    status: 409,
    message: 'Mailboxes use that mail domain, so it cannot be removed: their brand comes from it. Ask the platform’s support to move them first.',
    field: 'domain',
  },
  BRAND_DOMAIN_HAS_STAFF: {
    status: 409,
    message: 'Some mailboxes of that domain hold staff roles, so they cannot move into a brand. A platform administrator must take the roles away first.',
  },
  BRAND_DOMAIN_IN_ORGANISATION: {
    status: 409,
    message: 'Mailboxes of that domain belong to a family or business account of their current brand, so they cannot move. Their administrator must remove them first.',
  },
  BRAND_DOMAIN_REQUEST_NOT_FOUND: { status: 404, message: 'That domain request does not exist, or was already answered or cancelled.' },
  // The command line's `brand set --logo <file>` / `--css <file>`.
  FILE_UNREADABLE: { status: 400, message: 'That file cannot be read: check its path and that it is a file.' },
  BRAND_HOST_ALREADY_YOURS: { status: 409, message: 'The brand already uses that host name.', field: 'host' },
  BRAND_HOST_NOT_FOUND: { status: 404, message: 'The brand does not use that host name.', field: 'host' },
  BRAND_TOO_MANY_DOMAINS: { status: 409, message: 'A brand can have at most 50 mail domains. Remove one first.', field: 'domain' },
  BRAND_TOO_MANY_HOSTS: { status: 409, message: 'A brand can have at most 10 host names. Remove one first.', field: 'host' },
  BRAND_HAS_MAILBOXES: { status: 409, message: 'A brand with mailboxes cannot be deleted. Move its domains to another brand first.' },
  ROLE_NEEDS_BRAND: { status: 400, message: 'A brand role needs the brand it holds in.', field: 'brand' },
  ROLE_TAKES_NO_BRAND: { status: 400, message: 'A platform role holds across every brand: give no brand.', field: 'brand' },
  TWO_FACTOR_NOT_OFFERED: { status: 403, message: 'Your provider does not offer two-factor authentication.' },
  DISABLE_NOT_ALLOWED: {
    status: 403,
    message: 'Your provider does not let you turn two-factor authentication off. If you lost your phone, contact support.',
  },
  BRAND_CSS_TOO_LARGE: { status: 400, message: 'The custom CSS is larger than 20 kB. Shorten it and save again.', field: 'css' },
  ENROLMENT_REQUIRED: { status: 403, message: 'Your provider requires two-factor authentication: set it up to continue.' },
  ENROLMENT_OVERDUE: {
    status: 403,
    message: 'The time to set up two-factor authentication has run out: set it up now to sign in.',
  },
  BRAND_COLOR_UNREADABLE: { status: 400, message: 'The primary colour paints the button under its white label: choose a darker colour.', field: 'primaryColor' },
  BRAND_COLOR_INVALID: { status: 400, message: 'Give the primary colour as # and six hexadecimal digits, like #1d4ed8.', field: 'primaryColor' },
  BRAND_LOGO_TOO_LARGE: { status: 400, message: 'The logo is larger than 200 kB. Upload a smaller file.', field: 'logo' },
  BRAND_LOGO_NOT_IMAGE: { status: 400, message: 'The logo must be a PNG, JPEG or SVG image.', field: 'logo' },
  BRAND_LOGO_SVG_UNSAFE: {
    status: 400,
    message: 'This SVG contains scripts, event handlers, embedded content or links to other files. Export a plain SVG (shapes, text, gradients) or upload a PNG.',
    field: 'logo',
  },
  APP_PASSWORDS_NOT_ALLOWED: { status: 403, message: 'Your provider does not allow app passwords.' },
  APP_PASSWORD_NAME_EMPTY: { status: 400, message: 'Give the device a name, such as “Anna’s iPhone”.', field: 'name' },
  APP_PASSWORD_NAME_TOO_LONG: { status: 400, message: 'Keep the name to 64 characters or fewer.', field: 'name' },
  APP_PASSWORD_LIMIT: {
    status: 409,
    message: 'A mailbox can have at most four app passwords. Revoke one you no longer use, then create the new one.',
  },
  APP_PASSWORD_NOT_FOUND: { status: 404, message: 'That app password no longer exists: it may have been revoked already.' },
  // What a mail client is told (through Dovecot) when Gatehouse refuses its login.
  MAIL_APP_PASSWORD_NEEDED: {
    status: 401,
    message: 'Two-factor authentication is on for this mailbox, so mail apps need an app password. Create one on the Account Security page.',
  },
  MAIL_APP_PASSWORDS_OFF: { status: 401, message: 'Your provider has turned app passwords off. Ask them, or use webmail.' },
  MAIL_TWO_FACTOR_OVERDUE: {
    status: 401,
    message:
      'Your provider requires two-factor authentication and the time to set it up has run out: sign in on the web to set it up. Mail apps then work with an app password.',
  },
  // The mail-login endpoint (POST /api/mail-auth), which only Dovecot calls.
  MAIL_AUTH_NOT_CONFIGURED: { status: 404, message: 'Mail logins are not configured here (GATEHOUSE_MAIL_AUTH_SECRET is not set).' },
  MAIL_AUTH_CALLER_NOT_ALLOWED: { status: 403, message: 'This address may not ask about mail logins.' },
  MAIL_AUTH_SECRET_WRONG: { status: 401, message: 'The shared secret is missing or wrong.' },
  MAIL_AUTH_BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than 4 kB.' },
  MAIL_AUTH_UNAVAILABLE: { status: 503, message: 'Gatehouse cannot decide mail logins just now. Try again shortly.' },
  UNEXPECTED: { status: 500, message: 'Something went wrong on our side. Nothing was changed; please try again.' },
  REASON_REQUIRED: { status: 400, message: 'Write why you are doing this: the reason is kept in the audit log.', field: 'reason' },
  REASON_TOO_LONG: { status: 400, message: 'Keep the reason under 1,000 characters.', field: 'reason' },
  MAILBOX_MOVED: {
    status: 409,
    message: 'This mailbox moved to another brand while you were looking at it. Nothing was changed; open it again.',
  },
  PASSWORD_RESET_NO_DESTINATION: {
    status: 409,
    message:
      'This mailbox has no confirmed alternate address or backup phone to send a reset link to (never the mailbox itself). After the brand’s identity check, issue a reset code instead.',
  },
  PASSWORD_RESET_CHOOSE_DESTINATION: {
    status: 400,
    message: 'This mailbox has both a confirmed alternate address and a backup phone: choose where the link goes.',
    field: 'via',
  },
  PASSWORD_RESET_DESTINATION_GONE: {
    status: 409,
    message: 'The mailbox no longer has that alternate address or phone. Nothing was sent; open the mailbox again and choose where the link goes.',
    field: 'via',
  },
  PASSWORD_RESET_LINK_NOT_SENT: {
    status: 502,
    message: 'The reset link could not be sent just now. Nothing was changed and the owner was not told; try again later.',
  },
  PASSWORD_RESET_USE_LINK: {
    status: 409,
    message:
      'A password reset link can finish this mailbox’s recovery: send the link to its confirmed alternate address or backup phone instead. It reaches only the owner, where a code read out could reach whoever called.',
  },
  NO_REMEMBERED_LOCATIONS: { status: 409, message: 'This mailbox remembers no addresses or countries: there is nothing to reset.' },
  LOCATION_NOT_FOUND: { status: 404, message: 'That location is no longer remembered.' },
  CHALLENGE_POLICY_NOT_OFFERED: {
    status: 403,
    message: 'That choice is not offered for this mailbox. Choose one of those listed.',
    field: 'challengePolicy',
  },
  SEARCH_QUERY_EMPTY: { status: 400, message: 'Enter a mailbox address, or a domain such as acme.example.', field: 'q' },
  SEARCH_QUERY_TOO_LONG: { status: 400, message: 'Search for at most 254 characters: one address or one domain.', field: 'q' },
  MAILBOX_STATE_UNKNOWN: { status: 400, message: 'Choose a two-factor state from the list.', field: 'state' },
  ACTIVITY_KIND_UNKNOWN: { status: 400, message: 'Choose a kind of activity from the list.', field: 'kind' },
  ORGANISATION_SEARCH_EMPTY: { status: 400, message: 'Enter part of the account’s name or of a member’s address.', field: 'q' },
  ORGANISATION_NOT_FOUND: { status: 404, message: 'No family or business account has that name.', field: 'org' },
  ORGANISATION_NAME_AMBIGUOUS: { status: 409, message: 'Several family or business accounts have that name: give its id instead.', field: 'org' },
  MEMBER_ALREADY_ADDED: { status: 409, message: 'That mailbox is already a member of this account.', field: 'email' },
  MEMBER_IN_OTHER_ORGANISATION: {
    status: 409,
    message: 'That mailbox already belongs to another family or business account. It has to leave that one first.',
    field: 'email',
  },
  MEMBER_OTHER_BRAND: { status: 403, message: 'Only mailboxes of your own provider can join this account.', field: 'email' },
  MEMBER_NOT_FOUND: { status: 404, message: 'That mailbox is not a member of this account.' },
  BILLING_ONLY_FOR_BUSINESS: { status: 400, message: 'Only business accounts have a billing role. Choose member or administrator.', field: 'role' },
  ORGANISATIONS_NOT_ALLOWED: { status: 403, message: 'Your provider does not offer family and business accounts.' },
  ORGANISATION_NEEDS_TWO_FACTOR: {
    status: 409,
    message: 'Turn on two-factor authentication first: the administrator of a family or business account needs a second factor.',
  },
  // A family or business account may turn text and call codes off, and its members spend its pool:
  // a mailbox whose only second factor is a phone code would be locked out on joining or founding one.
  ORGANISATION_NEEDS_OTHER_FACTOR: {
    status: 409,
    message:
      'Your only second factor is a code by text message or phone call, which a family or business account may turn off. Add an authenticator app first, then try again.',
  },
  MEMBER_NEEDS_TWO_FACTOR: {
    status: 409,
    message: 'That member has no two-factor authentication: an administrator or billing contact needs a second factor. Ask them to turn it on first.',
  },
  // An administrator or billing contact whose own second factor went (turned off, support's
  // Disable 2FA, another administrator's reset) acts on the organisation again only after enrolling.
  TRUSTED_ROLE_NEEDS_TWO_FACTOR: {
    status: 403,
    message: 'Set up two-factor authentication on Account Security to manage this family or business account.',
  },
  ALREADY_IN_ORGANISATION: {
    status: 409,
    message: 'Your mailbox already belongs to a family or business account. Leave it first to create another.',
  },
  INVITATION_NOT_FOUND: {
    status: 404,
    message: 'This invitation is not open to your mailbox: it was answered, cancelled or has expired, or it was sent to another mailbox.',
  },
  INVITATIONS_LIMIT: { status: 429, message: 'This account has sent as many invitations as it may today. Try again tomorrow.' },
  LAST_ADMINISTRATOR: {
    status: 409,
    message: 'The account needs at least one administrator: make another member an administrator first.',
  },
  // An organisation's administrators and their members' two-factor authentication (issue 20).
  MEMBER_RESET_NOT_ALLOWED: {
    status: 403,
    message: 'Your provider does not let administrators of family accounts reset a member\u2019s two-factor authentication: the member can ask support.',
  },
  MEMBER_RESET_OWN_ACCOUNT: { status: 403, message: 'To change your own two-factor authentication, use your Account Security page.' },
  MEMBER_RESET_PENDING: { status: 409, message: 'A reset of this administrator is already waiting for a second administrator to confirm it.' },
  MEMBER_RESET_REQUEST_NOT_FOUND: { status: 404, message: 'This reset is no longer waiting: it was confirmed, cancelled or has expired. Nothing was changed.' },
  MEMBER_RESET_SECOND_ADMINISTRATOR: { status: 403, message: 'Another administrator has to confirm the reset you asked for.' },
  REMINDER_TOO_SOON: { status: 429, message: 'That member was reminded less than a day ago. You can remind them again tomorrow.' },
  ENROLMENT_DAYS_INVALID: { status: 400, message: 'Give the enrolment period as a whole number of days from 0 to 365.', field: 'enrolmentDays' },
  REMINDER_NOT_NEEDED: { status: 409, message: 'That member already has two-factor authentication on.' },
  SMS_LOGINS_NOT_ALLOWED: {
    status: 403,
    message:
      'Your family/business account does not allow SMS two-factor logins, so no text or call can be sent; ask its administrator, or use your authenticator app or a backup code.',
  },
  // The verb's field message says how many members, never which.
  SMS_LOGINS_NEEDED_BY_MEMBERS: {
    status: 409,
    message:
      'Some members have only a text or call code as their second factor: turning SMS logins off would lock them out. Ask them to add an authenticator app first.',
    field: 'allowSmsLogins',
  },
  SMS_CREDITS_EMPTY: {
    status: 402,
    message: 'Your family/business account has run out of SMS credits; ask its administrator, or use your authenticator app or a backup code.',
  },
  SMS_CREDITS_EMPTY_OWN: {
    status: 402,
    message:
      'You have no SMS credits left, so no text or call code can be sent: use your authenticator app or a backup code, buy SMS credits on your Account Security page, or ask your mail provider\'s support.',
  },
  TEXTS_PAYER_NEEDS_AUTHENTICATOR: {
    status: 409,
    message:
      'Mailboxes can pay for texts only while text, call and e-mail codes may not be the only second factor: an empty pool must never lock a mailbox out. Turn that setting off first.',
    field: 'textsPaidBy',
  },
  TEXTS_PAYER_WOULD_LOCK_OUT: {
    status: 409,
    message:
      'Some mailboxes of this brand have only a backup phone as their second factor: once they pay for their texts, an empty pool would lock them out. Let the platform pay until they add another method.',
    field: 'textsPaidBy',
  },
  CODES_ALONE_WHILE_MAILBOXES_PAY: {
    status: 409,
    message: 'Codes cannot be the only second factor while the brand\'s mailboxes pay for their texts: an empty pool would lock them out. Let the platform pay first.',
    field: 'codesMayStandAlone',
  },
  CREDIT_PACKS_INVALID: {
    status: 400,
    message: 'Give each pack on its own line as credits = price, such as 100 = 5.00: whole credits from 1 to 1,000,000, at most 10 packs, each number of credits once.',
    field: 'packs',
  },
  CREDIT_PACK_TOO_CHEAP: { status: 400, message: 'A pack is priced under the platform\'s minimum per credit. Nothing was saved.', field: 'packs' },
  OWN_CREDITS_NOT_NEEDED: {
    status: 409,
    message: 'Your texts are not paid from credits of your own: your family or business account or your mail provider pays for them.',
  },
  CREDIT_PACK_UNKNOWN: { status: 400, message: 'Choose one of the SMS credit packs listed.', field: 'pack' },
  BUYING_NOT_AVAILABLE: { status: 403, message: 'Buying SMS credits is not available on this service.' },
  BUYING_NEEDS_SMS_LOGINS: { status: 409, message: 'Turn on "Allow SMS two-factor logins" first: until then there is nothing to buy credits for.' },
  PAYMENT_PROVIDER_FAILED: {
    status: 502,
    message: 'The payment page could not be opened just now. Nothing was charged; please try again later.',
  },
  CREDIT_ADJUSTMENT_INVALID: {
    status: 400,
    message: 'Give the change as a whole number of credits other than zero, such as 50 or -20.',
    field: 'credits',
  },
  CREDIT_ADJUSTMENT_OVERDRAWS: { status: 409, message: 'That would take the balance below zero. Nothing was changed.', field: 'credits' },
  // Password recovery ("Forgot password?", and the links and codes support sends).
  RECOVERY_NOT_FOUND: {
    status: 410,
    message: 'This password recovery has expired, was already used, or had too many wrong codes. Start again from “Forgot password?”.',
  },
  RECOVERY_DESTINATION_UNKNOWN: { status: 400, message: 'Choose one of the addresses or numbers listed.', field: 'destination' },
  RECOVERY_NOT_READY: { status: 409, message: 'Prove it is you first: enter the codes this page asks for.' },
  RECOVERY_PROOF_ALREADY_GIVEN: { status: 409, message: 'You have already proven that. Nothing was used; continue with the next step.' },
  RECOVERY_FOR_SIGNED_IN_ACCOUNT: {
    status: 403,
    message: 'You are signed in to this account with a restricted login, which cannot reset its password. Sign out first.',
  },
  RECOVERY_LINK_INVALID: {
    status: 410,
    message: 'This reset link has expired or was already used. Ask your provider’s support for a new one, or use “Forgot password?”.',
  },
  SUPPORT_RESET_CODE_WRONG: {
    status: 401,
    message: 'That address and reset code do not match a reset code that is still valid. Check both, or ask support for a new code.',
    field: 'code',
  },
} as const satisfies Record<string, { status: number; message: string; field?: string }>;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(
    code: AppErrorCode,
    options: {
      retryAfterSeconds?: number;
      /** Per-field messages from parsing (zod); the table's own `field` is filled in otherwise. */
      fieldErrors?: Record<string, string[]>;
      /** For the log only, never shown: what the code alone does not say. */
      internal?: string;
    } = {},
  ) {
    super(options.internal ? `${code}: ${options.internal}` : code);
    this.name = 'AppError';
    this.code = code;
    this.status = APP_ERRORS[code].status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    const entry: { message: string; field?: string } = APP_ERRORS[code];
    this.fieldErrors = options.fieldErrors ?? (entry.field ? { [entry.field]: [entry.message] } : undefined);
  }

  /** The sentence shown to the user, with the wait spelled out when there is one. */
  get userMessage(): string {
    const message = APP_ERRORS[this.code].message;
    if (this.retryAfterSeconds && this.retryAfterSeconds > 0) {
      return `${message} You can try again in ${formatWait(this.retryAfterSeconds)}.`;
    }
    return message;
  }
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

// A code that was checked and did not prove anything: it counts as a failure against the
// account's throttle and the pending login's attempts. Anything else (a throttle refusal, an
// outage) was never a guess.
const WRONG_CODE: ReadonlySet<AppErrorCode> = new Set([
  'INVALID_CODE',
  'CODE_ALREADY_USED',
  'CODE_EXPIRED',
  'SENT_CODE_NOT_FOUND',
  'SENT_CODE_TRIES_USED',
  'SENT_CODE_ALREADY_USED',
  'ENROLMENT_CODE_MISMATCH',
]);

export function isWrongCode(error: unknown): error is AppError {
  return isAppError(error) && WRONG_CODE.has(error.code);
}
