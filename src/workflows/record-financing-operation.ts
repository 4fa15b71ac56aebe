import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { RecordFinancingOperationInput } from "../modules/financing/types"
import { recordFinancingOperationStep } from "./steps/record-financing-operation"

/**
 * Records a lender operation from routes, subscribers and jobs (a store can call it too). A
 * one-step workflow kept as a public extension point (docs/architecture.md, "Workflows").
 */
export const recordFinancingOperationWorkflow = createWorkflow(
  "record-financing-operation",
  (input: RecordFinancingOperationInput) => new WorkflowResponse(recordFinancingOperationStep(input)),
)
