-- Who acted, on every audit row. Rows written before this migration recorded an actor only for
-- staff, sign-in rows were by visitors, the rest by the account owner.
CREATE TYPE "ActorKind" AS ENUM ('SELF', 'STAFF', 'CONSOLE', 'VISITOR');
ALTER TABLE "AuditEvent" ADD COLUMN "actorKind" "ActorKind", ADD COLUMN "operator" TEXT;
UPDATE "AuditEvent" SET "actorKind" = CASE
  WHEN "actorId" IS NOT NULL THEN 'STAFF'::"ActorKind"
  WHEN "type" LIKE 'sign_in.%' OR "type" IN ('code.sent', 'code.send_refused', 'code.send_failed', 'backup_code.used', 'totp.code_reused')
    THEN 'VISITOR'::"ActorKind"
  ELSE 'SELF'::"ActorKind"
END;
ALTER TABLE "AuditEvent" ALTER COLUMN "actorKind" SET NOT NULL;

-- One channel enum for messages and codes (they were two identical ones), keeping the data.
ALTER TYPE "MessageChannel" RENAME TO "Channel";
ALTER TABLE "OneTimeCode" ALTER COLUMN "channel" TYPE "Channel" USING ("channel"::text::"Channel");
DROP TYPE "CodeChannel";

-- Policy in layers: one row per (scope, method) and one per scope, null meaning "inherit".
CREATE TABLE "MethodPolicy" (
    "scope" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "available" BOOLEAN,
    "selfService" BOOLEAN,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MethodPolicy_pkey" PRIMARY KEY ("scope","method")
);

CREATE TABLE "ScopePolicy" (
    "scope" TEXT NOT NULL,
    "codesMayStandAlone" BOOLEAN,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScopePolicy_pkey" PRIMARY KEY ("scope")
);

-- The choices of the platform so far become the platform layer.
INSERT INTO "MethodPolicy" ("scope", "method", "available", "selfService", "updatedAt")
SELECT 'platform', m."method",
       CASE m."method" WHEN 'totp' THEN p."totpAvailable" WHEN 'sms' THEN p."smsAvailable"
                       WHEN 'voice' THEN p."voiceAvailable" ELSE p."emailAvailable" END,
       CASE m."method" WHEN 'totp' THEN p."totpSelfService" WHEN 'sms' THEN p."smsSelfService"
                       WHEN 'voice' THEN p."voiceSelfService" ELSE p."emailSelfService" END,
       p."updatedAt"
  FROM "PlatformPolicy" p CROSS JOIN (VALUES ('totp'), ('sms'), ('voice'), ('email')) AS m("method");
INSERT INTO "ScopePolicy" ("scope", "codesMayStandAlone", "updatedAt")
SELECT 'platform', p."codesMayStandAlone", p."updatedAt" FROM "PlatformPolicy" p;
DROP TABLE "PlatformPolicy";
