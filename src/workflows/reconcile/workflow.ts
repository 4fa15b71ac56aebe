// The reconcile pass as a workflow, for stores that run it from their own code or admin routes.
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { runFinancingReconcile, type FinancingReconcileOptions } from "./run"

export const financingReconcileWorkflowId = "financing-reconcile"

export const financingReconcileStep = createStep(
  "financing-reconcile-pass",
  async (input: Omit<FinancingReconcileOptions, "syncOrder">, { container }) =>
    new StepResponse(await runFinancingReconcile(container, input)),
)

export const financingReconcileWorkflow = createWorkflow(
  financingReconcileWorkflowId,
  (input: Omit<FinancingReconcileOptions, "syncOrder">) => {
    return new WorkflowResponse(financingReconcileStep(input))
  },
)
