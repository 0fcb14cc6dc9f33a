-- CreateEnum
CREATE TYPE "AlternativeLoginKind" AS ENUM ('SMS_PASSWORD', 'ONE_TIME_LIST');

-- AlterTable
ALTER TABLE "PendingLogin" ADD COLUMN     "alternativeLoginId" UUID,
ADD COLUMN     "isRestricted" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "alternativeLoginId" UUID,
ADD COLUMN     "isRestricted" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Phone" ADD COLUMN     "isMobileForSms" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AlternativeLogin" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "AlternativeLoginKind" NOT NULL,
    "isRestricted" BOOLEAN NOT NULL DEFAULT true,
    "secretHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "AlternativeLogin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OneTimePassword" (
    "id" UUID NOT NULL,
    "alternativeLoginId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "secretHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "OneTimePassword_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlternativeLogin_userId_kind_key" ON "AlternativeLogin"("userId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "OneTimePassword_secretHash_key" ON "OneTimePassword"("secretHash");

-- CreateIndex
CREATE UNIQUE INDEX "OneTimePassword_alternativeLoginId_position_key" ON "OneTimePassword"("alternativeLoginId", "position");

-- AddForeignKey
ALTER TABLE "PendingLogin" ADD CONSTRAINT "PendingLogin_alternativeLoginId_fkey" FOREIGN KEY ("alternativeLoginId") REFERENCES "AlternativeLogin"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_alternativeLoginId_fkey" FOREIGN KEY ("alternativeLoginId") REFERENCES "AlternativeLogin"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlternativeLogin" ADD CONSTRAINT "AlternativeLogin_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneTimePassword" ADD CONSTRAINT "OneTimePassword_alternativeLoginId_fkey" FOREIGN KEY ("alternativeLoginId") REFERENCES "AlternativeLogin"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one mobile number for SMS logins per mailbox
CREATE UNIQUE INDEX "Phone_one_mobile_per_user" ON "Phone"("userId") WHERE "isMobileForSms";
