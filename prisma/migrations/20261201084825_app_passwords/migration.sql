-- CreateEnum
CREATE TYPE "MailProtocol" AS ENUM ('IMAP', 'POP3', 'SUBMISSION');

-- CreateEnum
CREATE TYPE "AppPasswordSlot" AS ENUM ('SLOT_1', 'SLOT_2', 'SLOT_3', 'SLOT_4');

-- AlterEnum
ALTER TYPE "ActorKind" ADD VALUE 'MAIL_CLIENT';

-- CreateTable
CREATE TABLE "AppPassword" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "slot" "AppPasswordSlot" NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedIp" TEXT,
    "lastUsedProtocol" "MailProtocol",

    CONSTRAINT "AppPassword_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailPasswordRefusal" (
    "userId" UUID NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "lastIp" TEXT,
    "protocol" "MailProtocol" NOT NULL,
    "notifiedAt" TIMESTAMP(3),

    CONSTRAINT "MailPasswordRefusal_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AppPassword_secretHash_key" ON "AppPassword"("secretHash");

-- CreateIndex
CREATE UNIQUE INDEX "AppPassword_userId_slot_key" ON "AppPassword"("userId", "slot");

-- AddForeignKey
ALTER TABLE "AppPassword" ADD CONSTRAINT "AppPassword_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailPasswordRefusal" ADD CONSTRAINT "MailPasswordRefusal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
