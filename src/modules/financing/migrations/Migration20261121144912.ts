import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261121144912 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "financing_session_secret" drop constraint if exists "financing_session_secret_cart_scope_unique";`,
    )
    this.addSql(
      `alter table if exists "financing_session_secret" drop constraint if exists "financing_session_secret_session_scope_unique";`,
    )
    this.addSql(
      `create table if not exists "financing_operation" ("id" text not null, "provider_id" text not null, "lender" text not null, "payment_session_id" text null, "payment_id" text null, "order_id" text null, "fulfillment_id" text null, "operation" text not null, "outcome" text check ("outcome" in ('succeeded', 'failed', 'pending', 'action_required')) not null default 'pending', "amount" numeric null, "currency_code" text null, "lender_reference" text null, "references" jsonb null, "error_code" text null, "error_message" text null, "http_status" integer null, "attempts" integer not null default 1, "correlation_id" text null, "idempotency_key" text null, "detail" jsonb null, "next_attempt_at" timestamptz null, "completed_at" timestamptz null, "raw_amount" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "financing_operation_pkey" primary key ("id"));`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_provider_id" ON "financing_operation" ("provider_id") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_payment_session_id" ON "financing_operation" ("payment_session_id") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_payment_id" ON "financing_operation" ("payment_id") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_order_id" ON "financing_operation" ("order_id") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_lender_reference" ON "financing_operation" ("lender_reference") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_idempotency_key" ON "financing_operation" ("idempotency_key") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_deleted_at" ON "financing_operation" ("deleted_at") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_operation_next_attempt_at" ON "financing_operation" ("next_attempt_at") WHERE next_attempt_at IS NOT NULL AND deleted_at IS NULL;`,
    )

    this.addSql(
      `create table if not exists "financing_session_secret" ("id" text not null, "payment_session_id" text null, "cart_id" text null, "lender" text not null, "purpose" text not null, "ciphertext" text not null, "key_id" text not null, "expires_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "financing_session_secret_pkey" primary key ("id"), constraint financing_session_secret_scope_check check (payment_session_id IS NOT NULL OR cart_id IS NOT NULL));`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_session_secret_deleted_at" ON "financing_session_secret" ("deleted_at") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_financing_session_secret_session_scope_unique" ON "financing_session_secret" ("lender", "purpose", "payment_session_id") WHERE payment_session_id IS NOT NULL AND deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_financing_session_secret_cart_scope_unique" ON "financing_session_secret" ("lender", "purpose", "cart_id") WHERE payment_session_id IS NULL AND cart_id IS NOT NULL AND deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_session_secret_payment_session_id" ON "financing_session_secret" ("payment_session_id") WHERE payment_session_id IS NOT NULL AND deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_session_secret_cart_id" ON "financing_session_secret" ("cart_id") WHERE cart_id IS NOT NULL AND deleted_at IS NULL;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "financing_operation" cascade;`)

    this.addSql(`drop table if exists "financing_session_secret" cascade;`)
  }
}
