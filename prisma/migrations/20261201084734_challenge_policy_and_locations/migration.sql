-- CreateEnum
CREATE TYPE "ChallengePolicy" AS ENUM ('ALWAYS', 'NEW_IP', 'NEW_COUNTRY', 'NEVER');

-- CreateEnum
CREATE TYPE "LocationKind" AS ENUM ('IP', 'COUNTRY');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "challengePolicy" "ChallengePolicy" NOT NULL DEFAULT 'ALWAYS';

-- AlterTable
ALTER TABLE "ScopePolicy" ADD COLUMN     "defaultChallengePolicy" "ChallengePolicy",
ADD COLUMN     "offerNeverChallenge" BOOLEAN,
ADD COLUMN     "offerNewCountryChallenge" BOOLEAN,
ADD COLUMN     "offerNewIpChallenge" BOOLEAN;

-- CreateTable
CREATE TABLE "RememberedLocation" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "LocationKind" NOT NULL,
    "value" TEXT NOT NULL,
    "secondFactorAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RememberedLocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RememberedLocation_userId_kind_lastUsedAt_idx" ON "RememberedLocation"("userId", "kind", "lastUsedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RememberedLocation_userId_kind_value_key" ON "RememberedLocation"("userId", "kind", "value");

-- AddForeignKey
ALTER TABLE "RememberedLocation" ADD CONSTRAINT "RememberedLocation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
