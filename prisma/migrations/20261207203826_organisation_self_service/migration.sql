-- CreateEnum
CREATE TYPE "TextPayer" AS ENUM ('PLATFORM', 'MAILBOX');

-- CreateEnum
CREATE TYPE "ResetRequestStatus" AS ENUM ('PENDING', 'CONFIRMED', 'CANCELLED');

-- AlterEnum
ALTER TYPE "OrganisationRole" ADD VALUE 'BILLING';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CreditEntryKind" ADD VALUE 'PAYMENT_REFUNDED';
ALTER TYPE "CreditEntryKind" ADD VALUE 'PAYMENT_DISPUTED';

-- AlterTable
ALTER TABLE "Brand" ADD COLUMN     "textsPaidBy" "TextPayer" NOT NULL DEFAULT 'PLATFORM';

-- AlterTable
ALTER TABLE "ScopePolicy" ADD COLUMN     "allowOrganisations" BOOLEAN,
ADD COLUMN     "familyAdminsMayReset" BOOLEAN;

-- AlterTable
ALTER TABLE "OrganisationMember" ADD COLUMN     "remindedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "CreditLedgerEntry" ADD COLUMN     "paymentIntentId" TEXT,
ADD COLUMN     "poolUserId" UUID,
ADD COLUMN     "reversalOfId" UUID,
ADD COLUMN     "shortfall" INTEGER,
ALTER COLUMN "organisationId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "OrganisationResetRequest" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "requestedById" UUID,
    "reason" TEXT NOT NULL,
    "status" "ResetRequestStatus" NOT NULL DEFAULT 'PENDING',
    "answeredById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "OrganisationResetRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonalCreditPool" (
    "userId" UUID NOT NULL,
    "creditBalance" INTEGER NOT NULL DEFAULT 0,
    "lastPurchaseCredits" INTEGER,
    "lowNoticeSent" BOOLEAN NOT NULL DEFAULT false,
    "emptyNoticeSent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonalCreditPool_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "BrandCreditPack" (
    "id" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "credits" INTEGER NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BrandCreditPack_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrganisationResetRequest_organisationId_status_idx" ON "OrganisationResetRequest"("organisationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "BrandCreditPack_brandId_credits_key" ON "BrandCreditPack"("brandId", "credits");

-- CreateIndex
CREATE UNIQUE INDEX "CreditLedgerEntry_paymentIntentId_key" ON "CreditLedgerEntry"("paymentIntentId");

-- CreateIndex
CREATE INDEX "CreditLedgerEntry_poolUserId_createdAt_idx" ON "CreditLedgerEntry"("poolUserId", "createdAt");

-- CreateIndex
CREATE INDEX "CreditLedgerEntry_reversalOfId_idx" ON "CreditLedgerEntry"("reversalOfId");

-- AddForeignKey
ALTER TABLE "OrganisationResetRequest" ADD CONSTRAINT "OrganisationResetRequest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationResetRequest" ADD CONSTRAINT "OrganisationResetRequest_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationResetRequest" ADD CONSTRAINT "OrganisationResetRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationResetRequest" ADD CONSTRAINT "OrganisationResetRequest_answeredById_fkey" FOREIGN KEY ("answeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonalCreditPool" ADD CONSTRAINT "PersonalCreditPool_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandCreditPack" ADD CONSTRAINT "BrandCreditPack_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_poolUserId_fkey" FOREIGN KEY ("poolUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (lib/db/hand-written-constraints.ts): no concurrency can overdraw a mailbox's own
-- pool, and every ledger row belongs to exactly one pool.
ALTER TABLE "PersonalCreditPool" ADD CONSTRAINT "PersonalCreditPool_creditBalance_not_negative" CHECK ("creditBalance" >= 0);
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_one_pool" CHECK (num_nonnulls("organisationId", "poolUserId") = 1);
