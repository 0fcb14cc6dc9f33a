-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "from" TEXT;
