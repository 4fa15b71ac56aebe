// Workflows of the flexshopper integration (exported through ../index.ts; names carry the lender
// so they never collide with another lender's exports).
export {
  confirmFlexShopperFulfillmentWorkflow,
  type ConfirmFulfillmentInput as ConfirmFlexShopperFulfillmentInput,
} from "./confirm-fulfillment"
export {
  flexShopperReturnAndCreditWorkflow,
  type ReturnAndCreditInput as FlexShopperReturnAndCreditInput,
} from "./return-and-credit"
export { retryFlexShopperOperations } from "./retry"
