// Medusa releases a workflow's events after the workflow has returned; a process that dies in
// that moment loses them. Tests stand that in by dropping the events of whatever `work` runs
// (the grouped events are cleared instead of released), then check the reconcile job makes up
// for them.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export async function withEventsLost<T>(container: MedusaContainer, work: () => Promise<T>): Promise<T> {
  const eventBus = container.resolve(Modules.EVENT_BUS) as {
    releaseGroupedEvents(id: string): Promise<void>
    clearGroupedEvents(id: string): Promise<void>
  }
  const release = eventBus.releaseGroupedEvents
  eventBus.releaseGroupedEvents = (id) => eventBus.clearGroupedEvents(id)
  try {
    return await work()
  } finally {
    eventBus.releaseGroupedEvents = release
  }
}

/** A reconcile run's "now" past the grace period the job gives subscribers (missed-events.ts). */
export const afterTheGracePeriod = () => new Date(Date.now() + 16 * 60 * 1000)
