-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('FAMILY', 'BUSINESS');

-- CreateEnum
CREATE TYPE "OrganisationRole" AS ENUM ('ADMINISTRATOR', 'MEMBER');

-- CreateEnum
CREATE TYPE "CreditEntryKind" AS ENUM ('PURCHASE', 'DEBIT', 'REFUND', 'ADJUSTMENT');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "allowSmsLogins" BOOLEAN NOT NULL DEFAULT false,
    "creditBalance" INTEGER NOT NULL DEFAULT 0,
    "lastPurchaseCredits" INTEGER,
    "lowNoticeSent" BOOLEAN NOT NULL DEFAULT false,
    "emptyNoticeSent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganisationMember" (
    "userId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "role" "OrganisationRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrganisationMember_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "CreditLedgerEntry" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "kind" "CreditEntryKind" NOT NULL,
    "credits" INTEGER NOT NULL,
    "balanceAfter" INTEGER NOT NULL,
    "memberId" UUID,
    "channel" "Channel",
    "actorKind" "ActorKind" NOT NULL,
    "actorId" UUID,
    "operator" TEXT,
    "reason" TEXT,
    "packId" TEXT,
    "amountCents" INTEGER,
    "currency" TEXT,
    "checkoutSessionId" TEXT,
    "stripeEventId" TEXT,
    "refundOfId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditLedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Organisation_brandId_idx" ON "Organisation"("brandId");

-- CreateIndex
CREATE INDEX "OrganisationMember_organisationId_idx" ON "OrganisationMember"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditLedgerEntry_checkoutSessionId_key" ON "CreditLedgerEntry"("checkoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditLedgerEntry_stripeEventId_key" ON "CreditLedgerEntry"("stripeEventId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditLedgerEntry_refundOfId_key" ON "CreditLedgerEntry"("refundOfId");

-- CreateIndex
CREATE INDEX "CreditLedgerEntry_organisationId_createdAt_idx" ON "CreditLedgerEntry"("organisationId", "createdAt");

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationMember" ADD CONSTRAINT "OrganisationMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationMember" ADD CONSTRAINT "OrganisationMember_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: the schema language has no CHECK constraints.
-- The pool of SMS credits never goes below zero, whatever runs at once.
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_creditBalance_not_negative" CHECK ("creditBalance" >= 0);
