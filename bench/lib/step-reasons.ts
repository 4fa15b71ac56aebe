// Why a checkout step makes more than one lender call, for the "one lender call per step where the
// lender's API allows" target. Keyed by "<lender> <METHOD> <normalised store path>" as trace.ts
// names steps. The report prints the measured request sequence next to each explanation, so a
// reason that no longer matches the code shows up as a mismatch rather than hiding it.
//   required  — the lender's API (or a safety rule the lender's API leaves us) needs each call
//   avoidable — a call the lender's API would let us drop; it is still made (see `left`)
export interface StepReason {
  kind: "required" | "avoidable"
  /** One line per call after the first: why it is there. */
  calls: string[]
  /** For avoidable calls: why it was left, and what removing it would take. */
  left?: string
}

export const STEP_REASONS: Record<string, StepReason> = {
  "payment-assist GET /financing/payment-assist/return": {
    kind: "required",
    calls: [
      "GET /status (sync workflow): the redirect's query string is untrusted, so the application is read server-side before anything changes; the provider's authorizePayment, run by Medusa within the same request, shares that answer (src/lenders/read-scope.ts) instead of reading again.",
      "(some runs) POST /update: the order number is set on the agreement once the order exists; Payment Assist only accepts it on a completed application (workflows/payment-assist/steps/set-order-reference.ts).",
    ],
  },
  "flexshopper POST /store/financing/flexshopper/account": {
    kind: "required",
    calls: [
      "GET /v3/user-exists: FlexShopper's documented waterfall checks the email before Create User (whose duplicate error is documented as 409 in one version and 400 in another).",
      "POST /v3/users: Create User.",
      "GET /v3/users/me: Create User answers only userId and token; the shopper's decision, verification status and hold come from /users/me.",
    ],
  },
  "flexshopper POST /store/financing/flexshopper/account/lookup": {
    kind: "required",
    calls: [
      "POST /v3/users/search: Account Lookup. Nothing more is read: the answer is only found / not found until the shopper signs in to FlexShopper in its modal.",
    ],
  },
  "flexshopper POST /store/financing/flexshopper/prequalification": {
    kind: "required",
    calls: [
      "GET /v3/users/me: name and email for Prequalification Start come from FlexShopper's account, and it says whether the application is already complete.",
      "POST /v3/users/prequal/start/lease: Prequalification Start.",
      "GET /v3/routing-numbers/…: FlexShopper's docs ask for Validate Routing Number before the bank details go to Prequalification Complete.",
      "POST /v3/users/prequal/complete/lease: Prequalification Complete (bank details). It answers the shopper as /users/me does, so the closing /users/me read was removed (it is only made when Complete did not run or answered in another shape).",
    ],
  },
  "flexshopper GET /store/financing/flexshopper/verification": {
    kind: "required",
    calls: [
      "GET /v3/users/me before GET /v3/users/me/… (the quiz): a declined application, a failed identity check or a spending hold is only visible in Get User Info's documented fields, and FlexShopper documents no error for asking a declined shopper's quiz — so the decision is read first and the quiz is never shown to a declined shopper.",
    ],
  },
  "flexshopper POST /store/financing/flexshopper/verification": {
    kind: "required",
    calls: [
      "POST /v3/users/me/verify-answers answers only verificationStatus; GET /v3/users/me gives the decision and spending hold the next step depends on.",
    ],
  },
  "flexshopper POST /store/financing/flexshopper/session": {
    kind: "required",
    calls: [
      "GET /v3/settings/lease (at most every 5 minutes per process: the merchant-wide minimum order value is cached): checked before a lease is offered.",
      "GET /v3/users/me: the shopper's available balance and verification state, checked against the cart now.",
      "POST /v3/users/…/auth-code: the single-use code that signs the shopper into the lease modal.",
    ],
  },
  "flexshopper POST /store/financing/flexshopper/complete": {
    kind: "required",
    calls: [
      "GET /v3/transactions/…: the signed lease is compared with the cart as it is now (a mismatch cancels the lease); the modal's onSign payload is untrusted. The provider's authorizePayment shares this answer within the request.",
      "POST /v3/transactions/…/finalize: finalizing the lease is its own call.",
    ],
  },
  "newday POST /store/carts/:id/complete": {
    kind: "required",
    calls: [
      "POST /initiate returns the SCA (or SCA-exempt) token that POST /authorisation must carry: NewDay's Order Processing API has no single-call authorise.",
    ],
  },
  "vault POST /store/payment-collections/:id/payment-sessions": {
    kind: "required",
    calls: [
      "POST /invoice, then POST /invoice/payment: Vault takes payments against an invoice, created first.",
      "(first call of a process only) POST /oauth/token: the merchant token is cached per client until 60 s before it expires, and renewed once on a 401.",
    ],
  },
  "vault GET /financing/vault/return": {
    kind: "required",
    calls: [
      "POST /invoice/payment (get with paymentId, Vault's only read): the return's query string is untrusted, so the payment is read back; the provider's authorizePayment shares this answer within the request.",
      "GET /sim/cko/payments/… (Checkout.com): each Checkout.com id the browser brought must be this invoice's payment.",
      "(not this step's own) GET /invoice/… and POST /invoice/payment, sometimes a third read: the webhook Vault sends at the same moment, a separate delivery with its own fetch-back (the webhook body is only trusted for ids) that lands in this step's window.",
    ],
  },
}

/** Calls removed from these steps since the first benchmark run, for the report. */
export const REMOVED_CALLS = [
  "Payment Assist return, FlexShopper complete, Vault return: the provider's authorizePayment no longer re-reads the status / transaction / payment the route had just verified in the same request — a request-scoped memo (src/lenders/read-scope.ts) shares the answer; any write clears it, and the next request reads fresh.",
  "FlexShopper session: GET /v3/settings/lease is cached per process for 5 minutes (merchant-wide settings); the admin's connection test always asks.",
  "Payment Assist initiatePayment (POST /store/financing/payment-assist/sessions): the GET /status after POST /begin is gone — /begin answers the token and URL, a new application is `pending`, and its expiry is the one we asked for.",
  "FlexShopper prequalification: the closing GET /v3/users/me is gone when Prequalification Complete ran — its answer is the same user view (5 calls → 4).",
  "Vault initiatePayment: POST /oauth/token is not made per call; the token is cached per client and credentials until shortly before expiry (it already was: the first run showed the first call's requests).",
  "Payment Assist capturePayment: the GET /status before POST /capture is kept as a guard against capturing twice (Payment Assist has no idempotency key) but made only when needed: when an earlier capture attempt was logged (its answer may have been lost), when the session was not last seen `pending_capture`, or after the lender refuses the capture.",
]

/** Provider operations that send more than one lender request per call, and why (section 1). */
export const OPERATION_REASONS: Record<string, string> = {
  "payment-assist capturePayment":
    "GET /status before POST /capture is the guard against capturing twice after a lost answer: Payment Assist has no idempotency key. " +
    "It is made only when an earlier capture attempt of the application is in the financing log, when the session was not last seen `pending_capture`, " +
    'or after /capture is refused (to tell "already captured" from a real refusal); a first capture of an application authorized as `pending_capture` goes straight to POST /capture, ' +
    "which Payment Assist only accepts for an application awaiting capture.",
  "flexshopper authorizePayment":
    "GET the transaction (the signed lease must still match the cart), then POST …/finalize: finalizing is its own call, and only a signed lease may be finalized.",
  "newday authorizePayment":
    "POST /initiate returns the SCA (or SCA-exempt) token that POST /authorisation must carry.",
  "vault initiatePayment":
    "POST /invoice, then POST /invoice/payment: Vault takes payments against an invoice. The first call of a process also fetches the merchant token (POST /oauth/token), which is then cached per client until 60 s before it expires.",
  "vault getWebhookActionAndData":
    "GET /invoice/… maps the notification to its payment session (the invoice's reference) and gives the amount Medusa expects; POST /invoice/payment (get with paymentId) reads the status: the webhook body is only trusted for ids.",
}
