import { Migration } from "@medusajs/framework/mikro-orm/migrations"

// The owner's capture choice per lender (Settings → Financing → Checkout settings).
export class Migration20261205230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "financing_lender_setting" add column if not exists "capture_on" text null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "financing_lender_setting" drop column if exists "capture_on";`)
  }
}
