-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Status" AS ENUM ('up', 'degraded', 'down', 'unknown', 'paused', 'maintenance');

-- CreateEnum
CREATE TYPE "CheckTrigger" AS ENUM ('schedule', 'manual', 'push');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'viewer');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('read', 'admin', 'kiosk');

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('pending', 'sending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "integrations" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secrets" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_public" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "interval_seconds" INTEGER,
    "max_interval_seconds" INTEGER,
    "timeout_ms" INTEGER,
    "alert_policy" JSONB,
    "push_token_hash" TEXT,
    "managed_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'unknown',
    "status_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_checked_at" TIMESTAMPTZ(3),
    "last_latency_ms" INTEGER,
    "last_message" TEXT,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "consecutive_successes" INTEGER NOT NULL DEFAULT 0,
    "next_check_at" TIMESTAMPTZ(3),
    "scheduled_job_id" UUID,
    "last_manual_check_at" TIMESTAMPTZ(3),
    "alert_state" JSONB,
    "certificate_days_remaining" INTEGER,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_results" (
    "id" BIGSERIAL NOT NULL,
    "integration_id" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "Status" NOT NULL,
    "latency_ms" INTEGER,
    "message" TEXT NOT NULL DEFAULT '',
    "details" JSONB,
    "trigger" "CheckTrigger" NOT NULL DEFAULT 'schedule',
    "job_id" UUID,

    CONSTRAINT "check_results_pkey" PRIMARY KEY ("id","started_at")
) PARTITION BY RANGE ("started_at");
-- Hand-edited: raw history is partitioned by day. Day partitions (check_results_pYYYYMMDD) are
-- created ahead by src/store/partitions.ts at start and daily, and dropped at retention. The
-- default partition catches a result whose day has no partition yet, so an insert never fails;
-- rows found there are moved into their day partition when it is created.
CREATE TABLE "check_results_default" PARTITION OF "check_results" DEFAULT;

-- CreateTable
CREATE TABLE "rollups_hourly" (
    "integration_id" INTEGER NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "count_up" INTEGER NOT NULL DEFAULT 0,
    "count_degraded" INTEGER NOT NULL DEFAULT 0,
    "count_down" INTEGER NOT NULL DEFAULT 0,
    "seconds_up" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seconds_degraded" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seconds_down" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seconds_excluded" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_count" INTEGER NOT NULL DEFAULT 0,
    "latency_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_min" INTEGER,
    "latency_max" INTEGER,
    "histogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rollups_hourly_pkey" PRIMARY KEY ("integration_id","bucket_start")
);

-- CreateTable
CREATE TABLE "rollups_daily" (
    "integration_id" INTEGER NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "count_up" INTEGER NOT NULL DEFAULT 0,
    "count_degraded" INTEGER NOT NULL DEFAULT 0,
    "count_down" INTEGER NOT NULL DEFAULT 0,
    "seconds_up" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seconds_degraded" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seconds_down" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seconds_excluded" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_count" INTEGER NOT NULL DEFAULT 0,
    "latency_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_min" INTEGER,
    "latency_max" INTEGER,
    "histogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rollups_daily_pkey" PRIMARY KEY ("integration_id","bucket_start")
);

-- CreateTable
CREATE TABLE "status_changes" (
    "id" BIGSERIAL NOT NULL,
    "integration_id" INTEGER NOT NULL,
    "from_status" "Status" NOT NULL,
    "to_status" "Status" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "cause" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_channels" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secrets" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "managed_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "event_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "status_change_id" BIGINT,
    "channel_id" INTEGER NOT NULL,
    "integration_id" INTEGER,
    "payload" JSONB NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "maintenance_windows" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "integration_id" INTEGER,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "days_of_week" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "start_time" TEXT,
    "duration_minutes" INTEGER,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "managed_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "maintenance_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id_hash" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id_hash")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "scope" "TokenScope" NOT NULL,
    "tag" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "integrations_slug_key" ON "integrations"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "integrations_push_token_hash_key" ON "integrations"("push_token_hash");

-- CreateIndex
CREATE INDEX "integrations_status_idx" ON "integrations"("status");

-- CreateIndex
CREATE INDEX "check_results_integration_id_started_at_idx" ON "check_results"("integration_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "status_changes_integration_id_at_idx" ON "status_changes"("integration_id", "at" DESC);

-- CreateIndex
CREATE INDEX "alert_deliveries_state_created_at_idx" ON "alert_deliveries"("state", "created_at" DESC);

-- CreateIndex
CREATE INDEX "alert_deliveries_integration_id_created_at_idx" ON "alert_deliveries"("integration_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alert_deliveries_event_key_channel_id_key" ON "alert_deliveries"("event_key", "channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- AddForeignKey
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollups_hourly" ADD CONSTRAINT "rollups_hourly_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollups_daily" ADD CONSTRAINT "rollups_daily_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_status_change_id_fkey" FOREIGN KEY ("status_change_id") REFERENCES "status_changes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "alert_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

