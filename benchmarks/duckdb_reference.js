#!/usr/bin/env node
// The per-shipment arithmetic of `reusable-packaging-reduction@2.0.0` in DuckDB
// SQL: a third route to footprint's per-shipment grams, and a yardstick that
// uses both cores (DuckDB's own threads; pandas uses one).
//
// Like pandas_reference.py it reads the shipments CSV that `footprint sample`
// writes and takes the product-level values from the JSON that
// `footprint_plan_constants` dumps from footprint's bound plan (fixed
// parameters, vehicle factors per vehicle-km, and per product, year and grid
// region: capacity, tare, gross mass, units per vehicle, cfp_per_trip per
// stage, per-trip inventories). Those become three small tables (product,
// product × year, product × year × region); the row arithmetic is one SQL
// query, equation by equation as the methodology writes it, with each
// component rounded to whole grams as footprint's round_grams does (baseline
// down, project and leakage up, memos to the nearest gram, a value within one
// part in 10^9 of a whole gram taken as that gram).
//
// Usage:
//   node duckdb_reference.js SHIPMENTS.csv CONSTANTS.json [-o RESULTS.csv]
//        [--check FOOTPRINT_RESULTS.csv] [--threads N]
//
// Needs the npm package @duckdb/node-api (`npm install --prefix DIR
// @duckdb/node-api`, then NODE_PATH=DIR/node_modules). --threads defaults to
// the machine's cores. Prints the totals in grams and the time of each phase;
// with --check compares every row with footprint's results file (not timed),
// prints the largest difference, and MISMATCH on any difference.
'use strict';

const fs = require('fs');
const os = require('os');
const { DuckDBInstance } = require('@duckdb/node-api');

const METHODOLOGY = ['reusable-packaging-reduction', '2.0.0'];
const COMPONENTS = {
  BE: ['BE_raw_material', 'BE_production', 'BE_distribution', 'BE_end_of_life', 'BE_residue'],
  PE: ['PE_raw_material', 'PE_production', 'PE_distribution', 'PE_use', 'PE_end_of_life'],
  LE: ['LE_named_sources'],
};
const MEMOS = ['project_transport_wtw', 'project_transport_ttw', 'baseline_transport_wtw', 'baseline_transport_ttw'];
const STAGES = ['raw_material', 'production', 'distribution', 'end_of_life'];
const LITRES = { L: 1, l: 1, m3: 1000 };
const KG = { kg: 1, t: 1000, g: 0.001 };

function usage(msg) {
  if (msg) process.stderr.write(`duckdb_reference.js: ${msg}\n`);
  process.stderr.write('usage: node duckdb_reference.js SHIPMENTS.csv CONSTANTS.json [-o RESULTS.csv] ' +
                       '[--check FOOTPRINT_RESULTS.csv] [--threads N]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const a = { positional: [], output: null, check: null, threads: os.cpus().length };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '-o' || argv[i] === '--output') a.output = argv[++i];
    else if (argv[i] === '--check') a.check = argv[++i];
    else if (argv[i] === '--threads') a.threads = Number(argv[++i]);
    else if (argv[i].startsWith('-')) usage(`unknown option ${argv[i]}`);
    else a.positional.push(argv[i]);
  }
  if (a.positional.length !== 2) usage();
  return a;
}

/// The plan's values by function, product and the other arguments.
function readConstants(path) {
  const d = JSON.parse(fs.readFileSync(path, 'utf8'));
  if (d.methodology !== METHODOLOGY[0] || d.version !== METHODOLOGY[1]) {
    process.stderr.write(`duckdb_reference.js: the constants are for ${d.methodology}@${d.version}; ` +
                         `this script repeats ${METHODOLOGY.join('@')}\n`);
    process.exit(2);
  }
  const fixed = {};
  const vehicle = {};
  for (const [k, v] of Object.entries(d.constants)) {
    if (v.kind === 'fixed' || v.kind === 'override') fixed[k] = v;
    const m = /^factor\(id="desnz2025\.freight\.hgv-artic-33t-plus\.laden-(0|100)\.per-km\.(wtw|ttw)"\)$/.exec(k);
    if (m) {
      if (v.unit !== 'kg CO2e/km') throw new Error(`${k}: unit ${v.unit}`);
      vehicle[(m[1] === '0' ? 'empty_' : 'full_') + m[2]] = v.value;
    }
  }
  if (Object.keys(vehicle).length !== 4) throw new Error('expected four vehicle factors');
  if (fixed.vehicle_payload.unit !== 't') throw new Error('vehicle_payload not in t');
  if (fixed.goods_footprint_per_litre.unit !== 'kg CO2e/L') throw new Error('goods_footprint_per_litre unit');
  const table = new Map();  // "fn|product|k=v;k=v" (sorted) -> {value, unit}
  const products = new Set(), regions = new Set(), years = new Set();
  for (const [label, v] of Object.entries(d.lookups)) {
    const m = /^(\w+)\((.*)\)$/.exec(label);
    if (!m) continue;
    const parts = m[2].split(', ');
    const args = {};
    for (const p of parts.slice(1)) {
      const i = p.indexOf(': ');
      args[p.slice(0, i)] = p.slice(i + 2);
    }
    if ('loss' in args) args.loss = Number(args.loss) === 0 ? '0' : 'p';
    if ('year' in args) years.add(Number(args.year));
    if ('region' in args) regions.add(args.region);
    products.add(parts[0]);
    table.set(key(m[1], parts[0], args), v);
  }
  return { fixed: Object.fromEntries(Object.entries(fixed).map(([k, v]) => [k, v.value])), vehicle, table,
           products: [...products].sort(), regions: [...regions].sort(), years: [...years].sort((a, b) => a - b) };
}

function key(fn, product, args) {
  return `${fn}|${product}|` + Object.keys(args).sort().map((k) => `${k}=${args[k]}`).join(';');
}

function lookup(c, fn, product, args = {}, scale = null) {
  const v = c.table.get(key(fn, product, Object.fromEntries(Object.entries(args).map(([k, x]) => [k, String(x)]))));
  if (v === undefined || v.value === null || Number.isNaN(v.value)) return null;
  if (scale) {
    if (!(v.unit in scale)) throw new Error(`${fn}(${product}): unit ${v.unit}`);
    return v.value * scale[v.unit];
  }
  return v.value;
}

async function appendRows(con, tableName, rows, types) {
  const app = await con.createAppender(tableName);
  for (const r of rows) {
    r.forEach((x, i) => {
      if (x === null) app.appendNull();
      else if (types[i] === 'VARCHAR') app.appendVarchar(x);
      else if (types[i] === 'INTEGER') app.appendInteger(x);
      else app.appendDouble(x);
    });
    app.endRow();
  }
  app.closeSync();
}

/// The product-level values as three tables, each value in the unit the SQL below expects.
async function loadConstants(con, c) {
  const pcols = [['product', 'VARCHAR'], ['capacity_l', 'DOUBLE'], ['tare_kg', 'DOUBLE'], ['gross_kg', 'DOUBLE'],
                 ['per_vehicle_loaded', 'DOUBLE'], ['per_vehicle_empty', 'DOUBLE'], ['reusable', 'DOUBLE']];
  const prows = c.products.map((p) => [p, lookup(c, 'capacity', p, {}, LITRES), lookup(c, 'tare', p, {}, KG),
                                       lookup(c, 'gross_mass', p, {}, KG),
                                       lookup(c, 'per_vehicle', p, { state: 'loaded' }),
                                       lookup(c, 'per_vehicle', p, { state: 'empty' }), lookup(c, 'reusable', p)]);
  const ycols = [['product', 'VARCHAR'], ['year', 'INTEGER']];
  for (const loss of ['0', 'p']) {
    for (const s of STAGES) ycols.push([`per_trip_${loss}_${s}`, 'DOUBLE']);
    ycols.push([`per_trip_${loss}_all`, 'DOUBLE']);
  }
  ycols.push(['repair', 'DOUBLE'], ['consumable_use', 'DOUBLE'], ['consumable_end_of_life', 'DOUBLE']);
  const yrows = [];
  for (const p of c.products) {
    for (const y of c.years) {
      const r = [p, y];
      for (const loss of ['0', 'p']) {
        for (const s of STAGES) r.push(lookup(c, 'cfp_per_trip', p, { loss, stage: s, year: y }));
        r.push(lookup(c, 'cfp_per_trip', p, { loss, year: y }));
      }
      r.push(lookup(c, 'trip_inventory', p, { tag: 'repair', year: y }),
             lookup(c, 'trip_inventory', p, { stage: 'use', tag: 'consumable', year: y }),
             lookup(c, 'trip_inventory', p, { stage: 'end_of_life', tag: 'consumable', year: y }));
      if (r.slice(2).some((x) => x !== null)) yrows.push(r);
    }
  }
  const wcols = [['product', 'VARCHAR'], ['year', 'INTEGER'], ['region', 'VARCHAR'], ['washing', 'DOUBLE']];
  const wrows = [];
  for (const p of c.products)
    for (const y of c.years)
      for (const g of c.regions) {
        const w = lookup(c, 'trip_inventory', p, { region: g, tag: 'washing', year: y });
        if (w !== null) wrows.push([p, y, g, w]);
      }
  for (const [name, cols, rows] of [['product', pcols, prows], ['product_year', ycols, yrows],
                                    ['washing', wcols, wrows]]) {
    await con.run(`CREATE TABLE ${name} (${cols.map(([n, t]) => `${n} ${t}`).join(', ')})`);
    await appendRows(con, name, rows, cols.map(([, t]) => t));
  }
}

// round_grams (plan.cpp) on kg: the nearest gram (half to even, as nearbyint)
// when within one part in 10^9 of it, else floor, ceil or std::round.
const MACROS = `
CREATE MACRO snapped(g) AS abs(g - round_even(g, 0)) <= CAST('1e-9' AS DOUBLE) * greatest(1.0::DOUBLE, abs(g));
CREATE MACRO grams_down(kg) AS CAST(CASE WHEN snapped(kg * 1000) THEN round_even(kg * 1000, 0) ELSE floor(kg * 1000) END AS BIGINT);
CREATE MACRO grams_up(kg) AS CAST(CASE WHEN snapped(kg * 1000) THEN round_even(kg * 1000, 0) ELSE ceil(kg * 1000) END AS BIGINT);
CREATE MACRO grams_nearest(kg) AS CAST(CASE WHEN snapped(kg * 1000) THEN round_even(kg * 1000, 0) ELSE round(kg * 1000) END AS BIGINT);
`;

function resultsQuery(c) {
  const f = c.fixed, v = c.vehicle;
  const dbl = (x) => `CAST('${x}' AS DOUBLE)`;  // exact: a DOUBLE from the shortest round-trip text
  const perKm = (state, lf) => `(${dbl(v['empty_' + state])} + (${dbl(v['full_' + state])} - ${dbl(v['empty_' + state])}) * ${lf})`;
  const residue = Math.max(f.residue_share_baseline - f.residue_share_project, 0) +
                  Math.max(f.damage_share_baseline - f.damage_share_project, 0);
  const comps = [...COMPONENTS.BE, ...COMPONENTS.PE, ...COMPONENTS.LE];
  return `
WITH rows AS (
  SELECT s.rowid + 2 AS line, s.shipment_id, s.customer_id, s.date,
         CAST(s.units AS DOUBLE) AS units, s.reusable_product, s.baseline_product,
         s."loaded_distance[km]" AS loaded_km, s."return_distance[km]" AS return_km, s.grid_region,
         CAST(s.washed AS DOUBLE) AS washed, CAST(substr(s.date, 1, 4) AS INTEGER) AS year
  FROM shipments s),
joined AS (
  SELECT r.*,
         pr.capacity_l AS cap_r, pr.tare_kg AS tare_r, pr.gross_kg AS gross_r, pr.per_vehicle_loaded AS pv_r_loaded,
         pr.per_vehicle_empty AS pv_r_empty, pr.reusable AS reusable_r,
         pb.capacity_l AS cap_b, pb.tare_kg AS tare_b, pb.gross_kg AS gross_b, pb.per_vehicle_loaded AS pv_b_loaded,
         pb.reusable AS reusable_b,
         yr.per_trip_p_raw_material AS cfp_r_raw, yr.per_trip_p_production AS cfp_r_prod,
         yr.per_trip_p_distribution AS cfp_r_dist, yr.per_trip_p_end_of_life AS cfp_r_eol,
         yr.repair, yr.consumable_use, yr.consumable_end_of_life,
         yb.per_trip_0_raw_material AS cfp_b_raw, yb.per_trip_0_production AS cfp_b_prod,
         yb.per_trip_0_distribution AS cfp_b_dist, yb.per_trip_0_end_of_life AS cfp_b_eol,
         yb.per_trip_0_all AS cfp_b_all,
         w.washing
  FROM rows r
  JOIN product pr ON pr.product = r.reusable_product
  JOIN product pb ON pb.product = r.baseline_product
  JOIN product_year yr ON yr.product = r.reusable_product AND yr.year = r.year
  JOIN product_year yb ON yb.product = r.baseline_product AND yb.year = r.year
  JOIN washing w ON w.product = r.reusable_product AND w.year = r.year AND w.region = r.grid_region),
legs AS (
  SELECT *,
         units * cap_r AS goods_l,
         units * cap_r / cap_b AS baseline_units,
         least(pv_b_loaded * gross_b / ${dbl(f.vehicle_payload * 1000)}, 1.0::DOUBLE) AS lf_b,
         least(pv_r_loaded * gross_r / ${dbl(f.vehicle_payload * 1000)}, 1.0::DOUBLE) AS lf_r_loaded,
         least(pv_r_empty * tare_r / ${dbl(f.vehicle_payload * 1000)}, 1.0::DOUBLE) AS lf_r_return
  FROM joined),
kg AS (
  SELECT *,
         baseline_units * ${perKm('wtw', 'lf_b')} * loaded_km / pv_b_loaded * (tare_b / gross_b) AS baseline_loaded_leg,
         units * ${perKm('wtw', 'lf_r_loaded')} * loaded_km / pv_r_loaded * (tare_r / gross_r) AS project_loaded_leg,
         units * ${perKm('wtw', 'lf_r_return')} * return_km / pv_r_empty AS project_return_leg,
         baseline_units * ${perKm('ttw', 'lf_b')} * loaded_km / pv_b_loaded * (tare_b / gross_b) AS baseline_loaded_leg_ttw,
         units * ${perKm('ttw', 'lf_r_loaded')} * loaded_km / pv_r_loaded * (tare_r / gross_r)
           + units * ${perKm('ttw', 'lf_r_return')} * return_km / pv_r_empty AS project_legs_ttw,
         goods_l * ${dbl(residue)} * ${dbl(f.goods_footprint_per_litre)} AS residue_kg
  FROM legs),
grams AS (
  SELECT line, shipment_id, customer_id, date, baseline_units, baseline_loaded_leg, residue_kg, cfp_b_all,
         reusable_r, reusable_b,
         grams_down(baseline_units * cfp_b_raw) AS BE_raw_material_g,
         grams_down(baseline_units * cfp_b_prod) AS BE_production_g,
         grams_down(baseline_units * cfp_b_dist + baseline_loaded_leg) AS BE_distribution_g,
         grams_down(baseline_units * cfp_b_eol) AS BE_end_of_life_g,
         grams_down(residue_kg) AS BE_residue_g,
         grams_up(units * cfp_r_raw) AS PE_raw_material_g,
         grams_up(units * cfp_r_prod) AS PE_production_g,
         grams_up(units * cfp_r_dist + project_loaded_leg + project_return_leg) AS PE_distribution_g,
         grams_up(units * washed * washing + units * repair + units * consumable_use) AS PE_use_g,
         grams_up(units * cfp_r_eol + units * consumable_end_of_life) AS PE_end_of_life_g,
         grams_up(0.0::DOUBLE) AS LE_named_sources_g,
         grams_nearest(project_loaded_leg + project_return_leg) AS project_transport_wtw_g,
         grams_nearest(project_legs_ttw) AS project_transport_ttw_g,
         grams_nearest(baseline_loaded_leg) AS baseline_transport_wtw_g,
         grams_nearest(baseline_loaded_leg_ttw) AS baseline_transport_ttw_g
  FROM kg),
totals AS (
  SELECT *,
         ${COMPONENTS.BE.map((n) => n + '_g').join(' + ')} AS BE_g,
         ${COMPONENTS.PE.map((n) => n + '_g').join(' + ')} AS PE_g,
         ${COMPONENTS.LE.map((n) => n + '_g').join(' + ')} AS LE_g
  FROM grams)
SELECT shipment_id, customer_id, date, line, BE_g, PE_g, LE_g, BE_g - PE_g - LE_g AS ER_g,
       ${[...comps, ...MEMOS].map((n) => n + '_g').join(', ')},
       CAST(CAST(BE_g - PE_g - LE_g AS DOUBLE)
            > (baseline_units * cfp_b_all + baseline_loaded_leg + residue_kg) * 1000 + 0.5 AS INTEGER) AS implausible,
       reusable_r <> 0 AND reusable_b = 0 AS applicable
FROM totals`;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const [shipments, constants] = a.positional;
  const t0 = performance.now();
  const c = readConstants(constants);
  const db = await DuckDBInstance.create(':memory:', { threads: String(a.threads) });
  const con = await db.connect();
  await con.run(MACROS);
  await loadConstants(con, c);
  const lit = (s) => `'${s.replace(/'/g, "''")}'`;
  await con.run(`CREATE TABLE shipments AS SELECT * FROM read_csv(${lit(shipments)}, header = true, delim = ',',
    columns = {'shipment_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'date': 'VARCHAR', 'units': 'BIGINT',
               'reusable_product': 'VARCHAR', 'baseline_product': 'VARCHAR', 'loaded_distance[km]': 'DOUBLE',
               'return_distance[km]': 'DOUBLE', 'grid_region': 'VARCHAR', 'washed': 'INTEGER'})`);
  const t1 = performance.now();
  await con.run(`CREATE TABLE results AS ${resultsQuery(c)} ORDER BY line`);
  const t2 = performance.now();
  if (a.output)
    await con.run(`COPY (SELECT * EXCLUDE (applicable) FROM results ORDER BY line) TO ${lit(a.output)} (HEADER, DELIMITER ',')`);
  const t3 = performance.now();
  const sums = (await con.runAndReadAll(
    `SELECT count(*), sum(BE_g), sum(PE_g), sum(LE_g), sum(ER_g), sum(implausible), count(*) FILTER (WHERE NOT applicable)
     FROM results`)).getRows()[0].map(String);
  if (sums[6] !== '0') {
    process.stderr.write(`duckdb reference: ${sums[6]} rows fail applicability; use a clean sample\n`);
    process.exit(1);
  }
  const rows = Number(sums[0]);
  const out = [`methodology  ${METHODOLOGY.join('@')}`, `threads      ${a.threads}`, `rows         ${rows}`];
  ['BE', 'PE', 'LE', 'ER'].forEach((t, i) => out.push(`${t}           ${sums[i + 1]} g`));
  out.push(`implausible  ${sums[5]}`);
  out.push(`time read    ${((t1 - t0) / 1000).toFixed(3)} s`);
  out.push(`time compute ${((t2 - t1) / 1000).toFixed(3)} s`);
  out.push(`time write   ${((t3 - t2) / 1000).toFixed(3)} s`);
  out.push(`time total   ${((t3 - t0) / 1000).toFixed(3)} s (${Math.round(rows / ((t3 - t0) / 1000))} rows/s)`);
  console.log(out.join('\n'));
  if (a.check && !(await check(con, a.check, rows))) process.exitCode = 1;
}

/// Every row and column against footprint's results file.
async function check(con, path, rows) {
  const cols = ['line', 'BE_g', 'PE_g', 'LE_g', 'ER_g',
                ...[...COMPONENTS.BE, ...COMPONENTS.PE, ...COMPONENTS.LE, ...MEMOS].map((n) => n + '_g'), 'implausible'];
  await con.run(`CREATE TABLE theirs AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}', header = true,
                 all_varchar = true)`);
  const header = (await con.runAndReadAll(`SELECT column_name FROM (DESCRIBE theirs)`)).getRows().map((r) => r[0]);
  const missing = cols.filter((x) => !header.includes(x));
  if (missing.length) {
    console.log(`MISMATCH: footprint's results have no column ${missing.join(', ')}`);
    return false;
  }
  const counted = (await con.runAndReadAll(
    `SELECT count(*), count(o.shipment_id) FROM theirs t LEFT JOIN results o ON o.shipment_id = t.shipment_id`)).getRows()[0];
  if (Number(counted[0]) !== rows || Number(counted[1]) !== rows) {
    console.log(`MISMATCH: footprint has ${counted[0]} rows, the reference ${rows}, ${counted[1]} ids in common`);
    return false;
  }
  const diffs = cols.map((x) => `max(abs(CAST(t."${x}" AS BIGINT) - o."${x}")) AS "${x}",
                                 count(*) FILTER (WHERE CAST(t."${x}" AS BIGINT) <> o."${x}") AS "n_${x}"`);
  const r = (await con.runAndReadAll(
    `SELECT ${diffs.join(', ')} FROM theirs t JOIN results o ON o.shipment_id = t.shipment_id`)).getRows()[0].map(Number);
  let ok = true, largest = 0, where = '';
  cols.forEach((x, i) => {
    const [d, n] = [r[2 * i], r[2 * i + 1]];
    if (d > largest) { largest = d; where = x; }
    if (n > 0) {
      console.log(`MISMATCH in ${x}: ${n} rows, largest difference ${d}`);
      ok = false;
    }
  });
  console.log(`largest difference: ${largest} g` + (where ? ` (${where})` : ''));
  if (ok) {
    const er = (await con.runAndReadAll('SELECT sum(ER_g) FROM results')).getRows()[0][0];
    console.log(`agree: ${rows} rows, every component, memo, BE, PE, LE, ER and implausible flag equal to the gram ` +
                `(ER total ${er} g)`);
  }
  return ok;
}

main().catch((e) => {
  process.stderr.write(`duckdb_reference.js: ${e.stack || e}\n`);
  process.exit(1);
});
