import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { RecordFinancingOperationInput } from "../../modules/financing/types"

export const recordFinancingOperationStepId = "record-financing-operation"

/**
 * Appends one entry to the financing log. Deliberately without compensation: the log is an
 * audit trail, and an operation that reached a lender stays recorded even when the workflow
 * around it is rolled back.
 */
export const recordFinancingOperationStep = createStep(
  recordFinancingOperationStepId,
  async (input: RecordFinancingOperationInput, { container }) => {
    const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
    const operation = await financing.recordOperation(input)
    return new StepResponse(operation)
  },
)
