// Registers the Vault payment provider with Medusa's payment module (id "vault" → pp_vault_vault).
import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { VaultProviderService } from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [VaultProviderService] })
export { VaultProviderService }
