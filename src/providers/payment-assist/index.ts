// Payment Assist payment provider: registered as pp_payment-assist_payment-assist.
import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { PaymentAssistProviderService } from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [PaymentAssistProviderService] })
