-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "secondFactorTokenId" UUID,
ADD COLUMN     "tokenId" UUID NOT NULL DEFAULT gen_random_uuid();
