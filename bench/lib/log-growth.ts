// How fast the financing log (financing_operation) grows: rows and bytes per order placed through
// each lender, and the table's and each index's size. A row belongs to an order through its
// order_id, or through its payment or payment session and the order's payment collection (calls
// made before the order existed). Rows tied to no order (sessions abandoned or declined, webhooks
// without ids) are counted apart. Measure before measureAdminRoute, which copies rows into one order.
import { Client } from "pg"
import { table } from "./table"

export interface LenderLogGrowth {
  lender: string
  orders: number
  /** Rows tied to one of those orders. */
  rows: number
  rowsPerOrder: number
  /** Sum of pg_column_size of the order's rows: the tuples themselves. */
  bytesPerOrder: number
  /** The order's share of the whole relation (heap, TOAST and indexes), in proportion to its row bytes. */
  storedBytesPerOrder: number
  /** Rows of this lender tied to no order. */
  unattributedRows: number
}

export interface LogGrowthResult {
  lenders: LenderLogGrowth[]
  table: { rows: number; heapBytes: number; toastBytes: number; indexBytes: number; totalBytes: number }
  indexes: Array<{ name: string; bytes: number }>
}

// Medusa's link from an order to its payment collection; absent in a database holding only the plugin's tables.
const LINKED = `coalesce(fo.order_id,
  (select opc.order_id from payment p join order_payment_collection opc
     on opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null
   where p.id = fo.payment_id limit 1),
  (select opc.order_id from payment_session ps join order_payment_collection opc
     on opc.payment_collection_id = ps.payment_collection_id and opc.deleted_at is null
   where ps.id = fo.payment_session_id limit 1))`

const perLender = (orderOf: string) => `
  with tied as (
    select fo.lender, pg_column_size(fo.*) as bytes, ${orderOf} as order_id
    from financing_operation fo where fo.deleted_at is null
  )
  select lender,
    count(distinct order_id)::int as orders,
    count(order_id)::int as rows,
    coalesce(sum(bytes) filter (where order_id is not null), 0)::float8 as bytes,
    count(*) filter (where order_id is null)::int as unattributed
  from tied group by lender order by lender`

export async function measureLogGrowth(databaseUrl: string): Promise<LogGrowthResult> {
  const db = new Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const { rows: present } = await db.query(
      `select to_regclass('order_payment_collection') is not null and to_regclass('payment') is not null
         and to_regclass('payment_session') is not null as linked`,
    )
    const { rows: lenders } = await db.query(perLender(present[0].linked ? LINKED : "fo.order_id"))
    const { rows: sizes } = await db.query(`
      select (select count(*) from financing_operation)::int as rows,
        pg_relation_size('financing_operation')::float8 as heap,
        coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)::float8 as toast,
        pg_indexes_size('financing_operation')::float8 as indexes,
        pg_total_relation_size('financing_operation')::float8 as total,
        (select coalesce(sum(pg_column_size(fo.*)), 0) from financing_operation fo)::float8 as row_bytes
      from pg_class c where c.oid = 'financing_operation'::regclass`)
    const { rows: indexes } = await db.query(`
      select i.relname as name, pg_relation_size(x.indexrelid)::float8 as bytes
      from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = 'financing_operation'::regclass order by bytes desc, name`)
    const size = sizes[0]
    // Each row byte carries this many bytes of relation (page overhead, free space, TOAST, indexes).
    const overhead = size.row_bytes > 0 ? size.total / size.row_bytes : 0
    return {
      lenders: lenders.map((l) => ({
        lender: l.lender,
        orders: l.orders,
        rows: l.rows,
        rowsPerOrder: l.orders ? l.rows / l.orders : 0,
        bytesPerOrder: l.orders ? l.bytes / l.orders : 0,
        storedBytesPerOrder: l.orders ? (l.bytes * overhead) / l.orders : 0,
        unattributedRows: l.unattributed,
      })),
      table: {
        rows: size.rows,
        heapBytes: size.heap,
        toastBytes: size.toast,
        indexBytes: size.indexes,
        totalBytes: size.total,
      },
      indexes: indexes.map((i) => ({ name: i.name, bytes: i.bytes })),
    }
  } finally {
    await db.end()
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)

/** A BENCHMARKS.md section: per-lender growth, then table and index sizes. */
export function renderLogGrowth(result: LogGrowthResult, heading = "## Financing log growth"): string {
  const t = result.table
  return [
    heading,
    "",
    "Rows the financing log (`financing_operation`) keeps per order, by lender, in this run's database. " +
      "Row bytes are `pg_column_size` of the rows; stored bytes add each row's share of pages, TOAST and indexes. " +
      "Rows tied to no order (abandoned or declined sessions) are listed apart.",
    "",
    table(
      ["Lender", "Orders", "Rows", "Rows / order", "Row bytes / order", "Stored KB / order", "Rows without an order"],
      result.lenders.map((l) => [
        l.lender,
        l.orders,
        l.rows,
        l.rowsPerOrder.toFixed(1),
        Math.round(l.bytesPerOrder),
        kb(l.storedBytesPerOrder),
        l.unattributedRows,
      ]),
    ),
    "",
    `Table: ${t.rows} rows, ${kb(t.totalBytes)} KB in all (heap ${kb(t.heapBytes)} KB, TOAST ${kb(t.toastBytes)} KB, ` +
      `indexes ${kb(t.indexBytes)} KB).`,
    "",
    table(
      ["Index", "KB"],
      result.indexes.map((i) => [i.name, kb(i.bytes)]),
    ),
    "",
  ].join("\n")
}
