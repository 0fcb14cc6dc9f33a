-- CreateEnum
CREATE TYPE "CodeChannel" AS ENUM ('SMS', 'VOICE', 'EMAIL');

-- CreateEnum
CREATE TYPE "CodePurpose" AS ENUM ('SIGN_IN', 'VERIFY_PHONE', 'VERIFY_EMAIL');

-- CreateTable
CREATE TABLE "Phone" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Phone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlternateEmail" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlternateEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OneTimeCode" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "purpose" "CodePurpose" NOT NULL,
    "channel" "CodeChannel" NOT NULL,
    "destination" TEXT NOT NULL,
    "countryCode" TEXT,
    "pendingLoginId" UUID,
    "codeHash" TEXT NOT NULL,
    "sealedCode" TEXT,
    "callToken" TEXT,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "supersededAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OneTimeCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformPolicy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "totpAvailable" BOOLEAN NOT NULL DEFAULT true,
    "smsAvailable" BOOLEAN NOT NULL DEFAULT true,
    "voiceAvailable" BOOLEAN NOT NULL DEFAULT true,
    "emailAvailable" BOOLEAN NOT NULL DEFAULT true,
    "totpSelfService" BOOLEAN NOT NULL DEFAULT true,
    "smsSelfService" BOOLEAN NOT NULL DEFAULT true,
    "voiceSelfService" BOOLEAN NOT NULL DEFAULT true,
    "emailSelfService" BOOLEAN NOT NULL DEFAULT true,
    "codesMayStandAlone" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Phone_userId_number_key" ON "Phone"("userId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "AlternateEmail_userId_key" ON "AlternateEmail"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OneTimeCode_callToken_key" ON "OneTimeCode"("callToken");

-- CreateIndex
CREATE INDEX "OneTimeCode_userId_purpose_idx" ON "OneTimeCode"("userId", "purpose");

-- CreateIndex
CREATE INDEX "OneTimeCode_pendingLoginId_idx" ON "OneTimeCode"("pendingLoginId");

-- AddForeignKey
ALTER TABLE "Phone" ADD CONSTRAINT "Phone_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlternateEmail" ADD CONSTRAINT "AlternateEmail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneTimeCode" ADD CONSTRAINT "OneTimeCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneTimeCode" ADD CONSTRAINT "OneTimeCode_pendingLoginId_fkey" FOREIGN KEY ("pendingLoginId") REFERENCES "PendingLogin"("id") ON DELETE CASCADE ON UPDATE CASCADE;
