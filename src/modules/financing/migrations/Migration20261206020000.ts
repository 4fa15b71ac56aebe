import { Migration } from "@medusajs/framework/mikro-orm/migrations"

// Credentials entered in the admin (encrypted) and the sandbox/live switch, per lender.
export class Migration20261206020000 extends Migration {
  override async up(): Promise<void> {
    for (const [column, type] of [
      ["mode", "text"],
      ["credentials", "text"],
      ["credentials_key_id", "text"],
      ["credential_names", "jsonb"],
    ])
      this.addSql(`alter table if exists "financing_lender_setting" add column if not exists "${column}" ${type} null;`)
  }

  override async down(): Promise<void> {
    for (const column of ["mode", "credentials", "credentials_key_id", "credential_names"])
      this.addSql(`alter table if exists "financing_lender_setting" drop column if exists "${column}";`)
  }
}
