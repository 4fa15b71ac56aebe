// Payment Assist Partner API v1 shapes (spec §5). Amounts are integer pence throughout.

/** `in progress` (2020 docs) is normalised to `in_progress`; unknown values pass through untouched. */
export type ApplicationStatus =
  "pending" | "in_progress" | "pending_capture" | "completed" | "failed" | "expired" | (string & {})

export interface Plan {
  plan_id: number
  name: string
  instalments: number
  deposit: boolean
  /** Kept as text: the API sends 0, 5.5 or "12.900". */
  apr: string
  frequency: string
  min_amount: number | null
  max_amount: number | null
  commission_rate?: string
  commission_fixed_fee?: number | null
}

export interface Account {
  legal_name: string
  display_name: string
  plans: Plan[]
}

export interface Applicant {
  f_name: string
  s_name: string
  addr1: string
  postcode: string
  addr2?: string
  addr3?: string
  town?: string
  county?: string
  email?: string
  telephone?: string
  /** YYYY-MM-DD. */
  dob?: string
}

export interface PreapprovalParams {
  f_name: string
  s_name: string
  addr1: string
  postcode: string
}

export interface BeginParams extends Applicant {
  /** Required on /begin (GitBook methods/begin.md, PHP2 Begin.json), though optional on /preapproval. */
  email: string
  order_id: string
  amount: number
  success_url?: string
  failure_url?: string
  webhook_url?: string
  plan_id?: number
  multi_plan?: boolean
  auto_capture?: boolean
  reg_no?: string
  description?: string
  /** Seconds until the application expires (lender default 86400). */
  expiry?: number
  send_email?: boolean
  send_sms?: boolean
  qr_code?: boolean
}

export interface BeginResult {
  token: string
  url: string
  qr_code?: string
}

export interface ApplicationStatusResult {
  token: string
  status: ApplicationStatus
  amount?: number
  expires_at?: string
  pa_ref?: string | null
  requires_invoice?: boolean
  has_invoice?: boolean
  last_accessed_at?: string | null
}

export interface UpdateParams {
  token: string
  order_id?: string
  expiry?: number
  amount?: number
}

/** Echo of the changed fields; the API echoes form values as strings. */
export interface UpdateResult {
  token: string
  order_id?: string
  expiry?: string | number
  amount?: string | number
}

export interface CaptureResult {
  token: string
  status: ApplicationStatus
  deposit_captured?: boolean | null
  deposit_reason?: string | null
}

export const INVOICE_FILETYPES = ["pdf", "html", "txt", "doc", "xls"] as const
export type InvoiceFiletype = (typeof INVOICE_FILETYPES)[number]

export interface InvoiceParams {
  token: string
  filetype: InvoiceFiletype
  /** The raw file; the client base64-encodes it. */
  file: Buffer
}

export interface InvoiceResult {
  token: string
  upload_status: "success" | "failed" | (string & {})
}

export interface PlanQuoteParams {
  amount: number
  plan_id?: number
}

export interface Instalment {
  /** YYYY-MM-DD. */
  date: string
  amount: number
}

export interface PlanQuote {
  plan: string
  amount: number
  interest: number
  repayable: number
  schedule: Instalment[]
  summary?: string
}
