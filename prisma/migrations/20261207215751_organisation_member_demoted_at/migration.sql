-- AlterTable
ALTER TABLE "OrganisationMember" ADD COLUMN     "demotedAt" TIMESTAMP(3);
