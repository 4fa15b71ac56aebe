import { z } from "@medusajs/framework/zod"

export const AdminOrderOperationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminOrderOperationsQueryType = z.infer<typeof AdminOrderOperationsQuery>
