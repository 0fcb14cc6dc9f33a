-- AlterTable
ALTER TABLE "PendingLogin" ADD COLUMN     "mustEnrol" BOOLEAN NOT NULL DEFAULT false;
