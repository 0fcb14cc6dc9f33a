-- AlterTable
ALTER TABLE "Brand" ADD COLUMN     "customCss" TEXT,
ADD COLUMN     "logo" BYTEA,
ADD COLUMN     "logoType" TEXT,
ADD COLUMN     "primaryColor" TEXT,
ADD COLUMN     "servedCss" TEXT;
