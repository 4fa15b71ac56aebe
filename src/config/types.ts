export type LenderEnv = Record<string, string | undefined>

/** Provider options from the environment, or undefined when the lender is not configured. */
export type LenderOptionsReader = (env: LenderEnv, backendUrl: string) => Record<string, unknown> | undefined
