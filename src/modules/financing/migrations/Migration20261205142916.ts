import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261205142916 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "financing_lender_setting" drop constraint if exists "financing_lender_setting_lender_unique";`,
    )
    this.addSql(
      `create table if not exists "financing_lender_setting" ("id" text not null, "lender" text not null, "enabled" boolean not null default true, "display_name" text null, "description" text null, "limits" jsonb null, "countries" jsonb null, "currencies" jsonb null, "position" integer null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "financing_lender_setting_pkey" primary key ("id"));`,
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_financing_lender_setting_lender_unique" ON "financing_lender_setting" ("lender") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_lender_setting_deleted_at" ON "financing_lender_setting" ("deleted_at") WHERE deleted_at IS NULL;`,
    )

    this.addSql(
      `create table if not exists "financing_setting_change" ("id" text not null, "lender" text not null, "actor_id" text null, "changes" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "financing_setting_change_pkey" primary key ("id"));`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_setting_change_lender" ON "financing_setting_change" ("lender") WHERE deleted_at IS NULL;`,
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_financing_setting_change_deleted_at" ON "financing_setting_change" ("deleted_at") WHERE deleted_at IS NULL;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "financing_lender_setting" cascade;`)

    this.addSql(`drop table if exists "financing_setting_change" cascade;`)
  }
}
