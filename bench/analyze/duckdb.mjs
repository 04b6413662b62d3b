// DuckDB side of the analyze benchmark: the same figures as
// `vitalfew analyze FILE --json` (customers, revenue, top20_share, gini,
// tiers over the 12 months up to the latest date), with SQL over read_csv.
//
//	node duckdb.mjs FILE                 print the figures as JSON
//	node duckdb.mjs --compare A.json B.json   check two outputs agree
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args[0] === '--compare') {
  process.exit(compare(JSON.parse(readFileSync(args[1])), JSON.parse(readFileSync(args[2]))) ? 0 : 1);
}

const file = args[0];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const lit = `'${file.replaceAll("'", "''")}'`;
// The customer key: customer_id, else customer (gen -names), as vitalfew
// picks it.
const cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_csv(${lit}, header = true)`))
  .getRowObjectsJson().map((r) => r.column_name);
const key = ['customer_id', 'customer'].find((c) => cols.includes(c));
if (!key) throw new Error(`${file}: no customer_id or customer column in ${cols}`);
// One read of the file into memory, as a DuckDB user would do it.
await con.run(`CREATE TEMP TABLE tx AS SELECT "${key}" AS customer_id, date, amount FROM read_csv(${lit}, header = true)`);
await con.run(`
  CREATE TEMP TABLE rev AS
  WITH w AS (SELECT max(date) AS as_of, (max(date) - INTERVAL 12 MONTH + INTERVAL 1 DAY)::DATE AS since FROM tx)
  SELECT customer_id, sum(amount) AS revenue
  FROM tx, w WHERE tx.date BETWEEN w.since AND w.as_of
  GROUP BY customer_id HAVING sum(amount) > 0`);
const reader = await con.runAndReadAll(`
  WITH r AS (
    SELECT revenue,
           row_number() OVER o AS rk,
           sum(revenue) OVER (o ROWS UNBOUNDED PRECEDING) - revenue AS before,
           count(*) OVER () AS n,
           sum(revenue) OVER () AS total
    FROM rev WINDOW o AS (ORDER BY revenue DESC, customer_id)
  ), t AS (
    SELECT *, CASE WHEN before < 0.80 * total THEN 'A' WHEN before < 0.95 * total THEN 'B' ELSE 'C' END AS tier FROM r
  )
  SELECT
    (SELECT strftime(max(date), '%Y-%m-%d') FROM tx) AS as_of,
    (SELECT count(*) FROM t) AS customers,
    (SELECT sum(revenue) FROM t) AS revenue,
    (SELECT sum(revenue) FILTER (WHERE rk <= ceil(0.2 * n)) / any_value(total) FROM t) AS top20_share,
    (SELECT 2 * sum((n + 1 - rk) * revenue) / (any_value(n) * any_value(total)) - (any_value(n) + 1) / any_value(n) FROM t) AS gini,
    (SELECT list({'tier': tier, 'customers': c, 'revenue': s, 'revenue_share': s / tot} ORDER BY tier) FROM (
      SELECT tier, count(*) AS c, sum(revenue) AS s, any_value(total) AS tot FROM t GROUP BY tier)) AS tiers`);
const row = reader.getRowObjectsJson()[0];
const out = {
  as_of: row.as_of,
  customers: Number(row.customers),
  revenue: Number(row.revenue),
  top20_share: Number(row.top20_share),
  gini: Number(row.gini),
  tiers: ['A', 'B', 'C'].map((name) => {
    const t = (row.tiers ?? []).find((x) => x.tier === name);
    return t
      ? { tier: name, customers: Number(t.customers), revenue: Number(t.revenue), revenue_share: Number(t.revenue_share) }
      : { tier: name, customers: 0, revenue: 0, revenue_share: 0 };
  }),
};
console.log(JSON.stringify(out, null, 2));

function compare(a, b) {
  const close = (x, y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  const diffs = [];
  if (a.as_of !== b.as_of) diffs.push(`as_of ${a.as_of} vs ${b.as_of}`);
  if (a.customers !== b.customers) diffs.push(`customers ${a.customers} vs ${b.customers}`);
  for (const k of ['revenue', 'top20_share', 'gini']) {
    if (!close(a[k], b[k])) diffs.push(`${k} ${a[k]} vs ${b[k]}`);
  }
  for (let i = 0; i < 3; i++) {
    const x = a.tiers[i], y = b.tiers[i];
    if (x.tier !== y.tier || x.customers !== y.customers || !close(x.revenue, y.revenue) || !close(x.revenue_share, y.revenue_share)) {
      diffs.push(`tier ${x.tier}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    }
  }
  if (diffs.length) {
    console.log('DISAGREE:\n  ' + diffs.join('\n  '));
    return false;
  }
  console.log(`agree: customers ${a.customers}, revenue ${a.revenue.toFixed(2)}, top20_share ${a.top20_share.toFixed(6)}, gini ${a.gini.toFixed(6)}, tiers ${a.tiers.map((t) => t.tier + '=' + t.customers).join(' ')} (relative tolerance 1e-9)`);
  return true;
}
