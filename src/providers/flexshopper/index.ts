import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import FlexShopperProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [FlexShopperProviderService] })
