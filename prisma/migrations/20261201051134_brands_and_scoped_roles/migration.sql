-- CreateEnum
CREATE TYPE "RoleName" AS ENUM ('PLATFORM_ADMIN', 'PLATFORM_SUPPORT', 'BRAND_ADMIN', 'BRAND_SUPPORT');

-- AlterTable
ALTER TABLE "ScopePolicy" ADD COLUMN     "allowAppPasswords" BOOLEAN,
ADD COLUMN     "allowDisable" BOOLEAN,
ADD COLUMN     "allowTwoFactor" BOOLEAN,
ADD COLUMN     "enforceFrom" TIMESTAMP(3),
ADD COLUMN     "enrolmentDays" INTEGER,
ADD COLUMN     "requireTwoFactor" BOOLEAN;

-- CreateTable
CREATE TABLE "Brand" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "supportContact" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Brand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BrandDomain" (
    "domain" TEXT NOT NULL,
    "brandId" UUID NOT NULL,

    CONSTRAINT "BrandDomain_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "BrandHost" (
    "host" TEXT NOT NULL,
    "brandId" UUID NOT NULL,

    CONSTRAINT "BrandHost_pkey" PRIMARY KEY ("host")
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "RoleName" NOT NULL,
    "brandId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Brand_slug_key" ON "Brand"("slug");

-- CreateIndex
CREATE INDEX "BrandDomain_brandId_idx" ON "BrandDomain"("brandId");

-- CreateIndex
CREATE INDEX "BrandHost_brandId_idx" ON "BrandHost"("brandId");

-- CreateIndex
CREATE INDEX "RoleGrant_userId_idx" ON "RoleGrant"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_userId_role_brandId_key" ON "RoleGrant"("userId", "role", "brandId");



-- AddForeignKey
ALTER TABLE "BrandDomain" ADD CONSTRAINT "BrandDomain_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandHost" ADD CONSTRAINT "BrandHost_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing mailbox joins the platform default brand, and the global roles become
-- platform roles held in the platform scope.
INSERT INTO "Brand" ("id", "slug", "name", "createdAt", "updatedAt")
VALUES (gen_random_uuid(), 'default', 'Gatehouse', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

ALTER TABLE "User" ADD COLUMN "brandId" UUID, ADD COLUMN "enrolmentDeadline" TIMESTAMP(3);
UPDATE "User" SET "brandId" = (SELECT "id" FROM "Brand" WHERE "slug" = 'default');
ALTER TABLE "User" ALTER COLUMN "brandId" SET NOT NULL;

INSERT INTO "RoleGrant" ("id", "userId", "role", "brandId", "createdAt")
SELECT gen_random_uuid(), "id", CASE "role" WHEN 'ADMIN' THEN 'PLATFORM_ADMIN'::"RoleName" ELSE 'PLATFORM_SUPPORT'::"RoleName" END, NULL, CURRENT_TIMESTAMP
  FROM "User" WHERE "role" IN ('ADMIN', 'SUPPORT');

ALTER TABLE "User" DROP COLUMN "role";
DROP TYPE "Role";

CREATE INDEX "User_brandId_idx" ON "User"("brandId");

ALTER TABLE "User" ADD CONSTRAINT "User_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
