// Constraints the Prisma schema language cannot express, added by hand to a migration. The
// migrations drift test applies them to the database built from schema.prisma too, so both
// catalogs still match object for object, CHECK constraints included.
export const HAND_WRITTEN_CONSTRAINTS = [
  // prisma/migrations/*_organisations_and_sms_credits: no concurrency can overdraw an SMS credit pool.
  'ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_creditBalance_not_negative" CHECK ("creditBalance" >= 0)',
  // prisma/migrations/*_alternative_logins: at most one mobile number for SMS logins per mailbox.
  'CREATE UNIQUE INDEX "Phone_one_mobile_per_user" ON "Phone"("userId") WHERE "isMobileForSms"',
  // prisma/migrations/*_organisation_self_service: a mailbox's own pool cannot be overdrawn either,
  // and a ledger row belongs to an organisation's pool or a mailbox's, never both or neither.
  'ALTER TABLE "PersonalCreditPool" ADD CONSTRAINT "PersonalCreditPool_creditBalance_not_negative" CHECK ("creditBalance" >= 0)',
  'ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_one_pool" CHECK (num_nonnulls("organisationId", "poolUserId") = 1)',
  // prisma/migrations/*_white_label_brands: one waiting request per domain (lib/brands domain requests).
  'CREATE UNIQUE INDEX "BrandDomainRequest_one_pending_per_domain" ON "BrandDomainRequest"("domain") WHERE "status" = \'PENDING\'',
] as const;
