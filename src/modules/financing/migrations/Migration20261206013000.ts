import { Migration } from "@medusajs/framework/mikro-orm/migrations"

// Finance promotions per lender (Settings → Financing): messaging on/off, the representative
// example's wording, a representative APR where the lender's quotes carry none, Payment Assist plans.
export class Migration20261206013000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "financing_lender_setting" add column if not exists "messaging" boolean null;`)
    this.addSql(`alter table if exists "financing_lender_setting" add column if not exists "promotion_text" text null;`)
    this.addSql(
      `alter table if exists "financing_lender_setting" add column if not exists "representative_apr" text null;`,
    )
    this.addSql(`alter table if exists "financing_lender_setting" add column if not exists "plans" jsonb null;`)
  }

  override async down(): Promise<void> {
    for (const column of ["messaging", "promotion_text", "representative_apr", "plans"])
      this.addSql(`alter table if exists "financing_lender_setting" drop column if exists "${column}";`)
  }
}
