import type pg from 'pg';
import { BIG_TABLES } from './config.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Sort Method'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function walkPlan(node: PlanNode, visit: (n: PlanNode) => void) {
  visit(node);
  for (const child of node.Plans ?? []) walkPlan(child, visit);
}

function summarisePlan(plan: { Plan: PlanNode; 'Execution Time'?: number }) {
  const scans = new Set<string>();
  const flags: string[] = [];
  walkPlan(plan.Plan, (n) => {
    const rows = (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
    if (n['Index Name']) scans.add(`${n['Node Type'].replace(' Scan', '')} ${n['Index Name']}`);
    else if (n['Node Type'] === 'Seq Scan') {
      scans.add(`Seq Scan ${n['Relation Name']}`);
      if (BIG_TABLES.has(n['Relation Name'] ?? '')) flags.push(`Seq Scan on ${n['Relation Name']} (${rows} rows)`);
    } else if (n['Node Type'] === 'Sort') {
      scans.add(`Sort (${rows} rows${n['Sort Method'] ? `, ${n['Sort Method']}` : ''})`);
      if (rows > 1000) flags.push(`Sort of ${rows} rows`);
    } else if (['Merge Append', 'Nested Loop', 'Hash Join', 'Merge Join', 'Aggregate'].includes(n['Node Type']))
      scans.add(n['Node Type']);
  });
  return {
    scans: [...scans].join('; '),
    flags,
    ms: plan['Execution Time'] ?? Number.NaN,
    hit: plan.Plan['Shared Hit Blocks'] ?? 0,
    read: plan.Plan['Shared Read Blocks'] ?? 0,
  };
}

/** A parameter as an SQL literal of unknown type (so the prepared statement's inferred type applies). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = Array.isArray(value)
    ? `{${value.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`
    : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** The store's SQL, whitespace folded, as a label. */
export const label = (sql: string) => sql.replace(/\s+/g, ' ').trim();

export async function explainAll(pool: pg.Pool, statements: { call: string; sql: string; params: unknown[] }[]) {
  const client = await pool.connect();
  const out: string[] = [];
  const flagged: string[] = [];
  try {
    let i = 0;
    for (const { call, sql, params } of statements) {
      i++;
      const custom = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)).rows[0][
        'QUERY PLAN'
      ][0];
      // The plan `pg`'s named statements settle on after five runs, if it is not costlier: the generic one.
      await client.query(`PREPARE scale_explain_${i} AS ${sql}`);
      await client.query('SET plan_cache_mode = force_generic_plan');
      // EXECUTE takes no bind parameters: its arguments are written as literals.
      const args = params.map(literal).join(', ');
      const generic = (
        await client.query(
          `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE scale_explain_${i}${args ? `(${args})` : ''}`,
        )
      ).rows[0]['QUERY PLAN'][0];
      await client.query('RESET plan_cache_mode');
      await client.query(`DEALLOCATE scale_explain_${i}`);
      const c = summarisePlan(custom);
      const g = summarisePlan(generic);
      const text = label(sql);
      out.push(
        `[${call}] ${text.length > 150 ? `${text.slice(0, 147)}...` : text}\n` +
          `    custom : ${c.ms.toFixed(3)} ms, buffers hit ${c.hit} read ${c.read}: ${c.scans}\n` +
          `    generic: ${g.ms.toFixed(3)} ms, buffers hit ${g.hit} read ${g.read}: ${g.scans}`,
      );
      for (const f of [...c.flags.map((x) => `custom: ${x}`), ...g.flags.map((x) => `generic: ${x}`)])
        flagged.push(`[${call}] ${text.slice(0, 80)}…: ${f}`);
    }
  } finally {
    client.release();
  }
  return { out, flagged };
}
