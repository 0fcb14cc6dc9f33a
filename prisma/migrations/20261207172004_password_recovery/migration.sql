-- CreateEnum
CREATE TYPE "RecoveryOrigin" AS ENUM ('SELF', 'SUPPORT_LINK', 'SUPPORT_CODE');

-- CreateEnum
CREATE TYPE "RecoveryProof" AS ENUM ('ALTERNATE_EMAIL', 'PHONE', 'AUTHENTICATOR', 'BACKUP_CODE', 'SUPPORT_CODE');

-- AlterEnum
ALTER TYPE "CodePurpose" ADD VALUE 'RECOVERY';

-- AlterTable
ALTER TABLE "OneTimeCode" ADD COLUMN     "passwordRecoveryId" UUID;

-- CreateTable
CREATE TABLE "PasswordRecovery" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" UUID,
    "email" TEXT NOT NULL,
    "origin" "RecoveryOrigin" NOT NULL,
    "proofs" "RecoveryProof"[] DEFAULT ARRAY[]::"RecoveryProof"[],
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "issuedById" UUID,
    "ip" TEXT,
    "userAgent" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordRecovery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PasswordRecovery_tokenHash_key" ON "PasswordRecovery"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordRecovery_userId_idx" ON "PasswordRecovery"("userId");

-- CreateIndex
CREATE INDEX "OneTimeCode_passwordRecoveryId_idx" ON "OneTimeCode"("passwordRecoveryId");

-- AddForeignKey
ALTER TABLE "OneTimeCode" ADD CONSTRAINT "OneTimeCode_passwordRecoveryId_fkey" FOREIGN KEY ("passwordRecoveryId") REFERENCES "PasswordRecovery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordRecovery" ADD CONSTRAINT "PasswordRecovery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordRecovery" ADD CONSTRAINT "PasswordRecovery_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
