-- AlterTable
ALTER TABLE "OrganisationInvitation" ADD COLUMN     "invitedById" UUID;

-- CreateIndex
CREATE INDEX "OrganisationInvitation_invitedById_idx" ON "OrganisationInvitation"("invitedById");

-- AddForeignKey
ALTER TABLE "OrganisationInvitation" ADD CONSTRAINT "OrganisationInvitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
