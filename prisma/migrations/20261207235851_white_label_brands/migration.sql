-- CreateEnum
CREATE TYPE "DomainRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REFUSED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Brand" ADD COLUMN     "emailFrom" TEXT,
ADD COLUMN     "smsSender" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastSignInAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "brandId" UUID;

-- CreateTable
CREATE TABLE "BrandDomainRequest" (
    "id" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "status" "DomainRequestStatus" NOT NULL DEFAULT 'PENDING',
    "requestedById" UUID,
    "answeredById" UUID,
    "movedMailboxes" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "BrandDomainRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BrandDomainRequest_brandId_status_idx" ON "BrandDomainRequest"("brandId", "status");

-- CreateIndex
CREATE INDEX "BrandDomainRequest_domain_status_idx" ON "BrandDomainRequest"("domain", "status");

-- CreateIndex
CREATE INDEX "AuditEvent_brandId_createdAt_idx" ON "AuditEvent"("brandId", "createdAt");

-- AddForeignKey
ALTER TABLE "BrandDomainRequest" ADD CONSTRAINT "BrandDomainRequest_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandDomainRequest" ADD CONSTRAINT "BrandDomainRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandDomainRequest" ADD CONSTRAINT "BrandDomainRequest_answeredById_fkey" FOREIGN KEY ("answeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (lib/db/hand-written-constraints.ts): at most one request waiting per domain, so two
-- brands cannot both be asking for it and an approval has one request to answer.
CREATE UNIQUE INDEX "BrandDomainRequest_one_pending_per_domain" ON "BrandDomainRequest"("domain") WHERE "status" = 'PENDING';

-- Existing audit rows belong to their subject's brand.
UPDATE "AuditEvent" AS e SET "brandId" = u."brandId" FROM "User" AS u WHERE e."userId" = u."id";
