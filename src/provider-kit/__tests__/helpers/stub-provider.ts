// A lender provider whose Medusa methods all throw "unused": specs of the provider base extend it
// and write only the methods they exercise.
import type {
  CapturePaymentInput,
  CapturePaymentOutput,
  RefundPaymentInput,
  RefundPaymentOutput,
} from "@medusajs/framework/types"
import { LenderPaymentProvider } from "../../lender-provider"

const unused = async (): Promise<never> => {
  throw new Error("unused")
}

export abstract class StubLenderProvider extends LenderPaymentProvider {
  initiatePayment(_input?: unknown): Promise<never> {
    return unused()
  }
  authorizePayment(_input?: unknown): Promise<never> {
    return unused()
  }
  capturePayment(_input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return unused()
  }
  cancelPayment(_input?: unknown): Promise<never> {
    return unused()
  }
  deletePayment(_input?: unknown): Promise<never> {
    return unused()
  }
  refundPayment(_input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return unused()
  }
  retrievePayment(_input?: unknown): Promise<never> {
    return unused()
  }
  updatePayment(_input?: unknown): Promise<never> {
    return unused()
  }
  getPaymentStatus(_input?: unknown): Promise<never> {
    return unused()
  }
}
