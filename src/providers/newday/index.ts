import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import NewDayProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [NewDayProviderService] })
export { NewDayProviderService }
