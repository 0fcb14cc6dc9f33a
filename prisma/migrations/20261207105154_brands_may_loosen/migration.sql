-- AlterTable
ALTER TABLE "ScopePolicy" ADD COLUMN     "brandsMayLoosen" TEXT[] DEFAULT ARRAY[]::TEXT[];
