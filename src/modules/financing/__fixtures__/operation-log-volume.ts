// A financing log at production-like volume for query-plan tests: 2,000 orders over two years, ten
// rows each (the calls an order makes across four lenders), plus 2,000 sessions that never became
// orders. Most rows succeeded; a few failed (some due for a retry), a few are pending or wait on a
// person, as the reconcile and retry jobs see them. One INSERT … SELECT, so filling takes a second.
export const VOLUME_ORDERS = 2000

/** Rows the fill writes: ten per order and one per abandoned session. */
export const VOLUME_ROWS = VOLUME_ORDERS * 11

export const FILL_OPERATION_LOG_SQL = `
insert into financing_operation (id, provider_id, lender, payment_session_id, payment_id, order_id, fulfillment_id,
  operation, outcome, lender_reference, idempotency_key, detail, http_status, attempts, next_attempt_at, completed_at,
  created_at, updated_at)
select 'finop_vol_' || o || '_' || s, 'pp_' || lender || '_' || lender, lender,
  case when s in (1, 2, 3, 4, 5, 8) then 'payses_vol_' || o end,
  case when s in (6, 7, 10) then 'pay_vol_' || o end,
  case when s in (6, 7, 9, 10) then 'order_vol_' || o end,
  case when s = 7 then 'ful_vol_' || o end,
  case s when 1 then 'initiate' when 2 then 'status' when 3 then 'status' when 4 then 'authorize'
    when 5 then 'webhook' when 6 then 'capture' when 8 then 'reconcile' when 9 then 'sync' when 10 then 'refund'
    else case lender when 'newday' then 'settle-shipment' when 'payment-assist' then 'invoice-upload'
      else 'ship-confirm' end end,
  outcome,
  case when s = 1 then 'tok_vol_' || o end,
  case s when 5 then lender || ':webhook:evt_' || o when 6 then lender || ':capture:' || o
    when 8 then 'reconcile:session:payses_vol_' || o end,
  jsonb_build_object('status', 'ok', 'amount', 1000 + o, 'items', jsonb_build_array(jsonb_build_object('sku', 'SKU-' || o, 'quantity', 1))),
  200, 1, next_attempt_at,
  case when outcome in ('succeeded', 'failed') then created + interval '1 second' end,
  created, created
from generate_series(1, ${VOLUME_ORDERS}) o
cross join lateral (select (array['payment-assist', 'flexshopper', 'newday', 'vault'])[1 + o % 4] as lender,
  now() - interval '730 days' * (${VOLUME_ORDERS} - o) / ${VOLUME_ORDERS} as placed) l
cross join lateral generate_series(1, 10) s
cross join lateral (select placed + s * interval '1 minute' as created,
  case
    when s = 7 and o % 25 in (1, 2) then 'failed'
    when s = 4 and (o > ${VOLUME_ORDERS} - 10 or o % 500 = 7) then 'pending'
    when s = 10 and o % 97 = 0 then 'action_required'
    else 'succeeded' end as outcome,
  case when s = 7 and o % 25 in (1, 2) then
    case when o % 75 < 25 then now() - interval '10 minutes' when o % 75 < 50 then now() + interval '1 hour' end
  end as next_attempt_at) r
union all
select 'finop_gone_' || o, 'pp_' || lender || '_' || lender, lender, 'payses_gone_' || o, null, null, null,
  'initiate', 'succeeded', 'tok_gone_' || o, 'turned-away:' || lender || ':cart_gone_' || o,
  jsonb_build_object('status', 'declined'), 200, 1, null, placed, placed, placed
from generate_series(1, ${VOLUME_ORDERS}) o
cross join lateral (select (array['payment-assist', 'flexshopper', 'newday', 'vault'])[1 + o % 4] as lender,
  now() - interval '730 days' * (${VOLUME_ORDERS} - o) / ${VOLUME_ORDERS} as placed) l
`
