// The table printer: one row per metric, one column per configuration, each cell the median over the rounds and
// its spread (min–max). Ratio rows divide a configuration's value by a baseline's value OF THE SAME ROUND, then
// summarize those ratios, so slow drift of a busy machine cancels out. Printed as Markdown, ready for
// BENCHMARKS.md.
import { summarize } from './stats.mjs';

const MB = 1024 * 1024;

/** Numbers as people read them: thousands separated, at most 3 significant figures below 100. */
function number(value) {
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

const units = {
  count: (value) => number(value),
  ms: (value) => `${number(value)} ms`,
  us: (value) => `${number(value)} µs`,
  mb: (value) => `${number(value / MB)} MB`,
  ratio: (value) => `${number(value)}×`,
};

function cell(values, unit) {
  const summary = summarize(values);
  if (!summary) return '–';
  const format = units[unit];
  if (summary.count === 1 || summary.min === summary.max) return format(summary.median);
  return `${format(summary.median)} (${number(unit === 'mb' ? summary.min / MB : summary.min)}–${number(unit === 'mb' ? summary.max / MB : summary.max)})`;
}

/** The metrics of the table: `key` into one round's measurement, and the baselines it is divided by. */
export const METRICS = [
  { key: 'reqPerS', label: 'closed loop: req/s', unit: 'count', ratios: ['fastify', 'express'] },
  { key: 'p50Ms', label: 'closed loop: p50', unit: 'ms' },
  { key: 'p99Ms', label: 'closed loop: p99', unit: 'ms' },
  { key: 'cpuUsPerReq', label: 'server CPU per request', unit: 'us', ratios: ['fastify'] },
  { key: 'openP50Ms', label: 'open loop at RATE: p50', unit: 'ms' },
  { key: 'openP99Ms', label: 'open loop at RATE: p99', unit: 'ms', ratios: ['fastify'] },
  { key: 'openP999Ms', label: 'open loop at RATE: p99.9', unit: 'ms' },
  { key: 'openFailures', label: 'open loop: not answered 2xx within 30 s', unit: 'count' },
  { key: 'rotationsPerS', label: 'token refresh: rotations/s', unit: 'count' },
  { key: 'startupMs', label: 'start-up (spawn → first 200)', unit: 'ms', ratios: ['fastify'] },
  { key: 'restartMs', label: 'start-up again on the same data (a restart)', unit: 'ms', ratios: ['fastify'] },
  { key: 'idleRssBytes', label: 'idle RSS', unit: 'mb', ratios: ['fastify'] },
  { key: 'loadedRssBytes', label: 'loaded RSS (peak, closed loop)', unit: 'mb', ratios: ['fastify'] },
  { key: 'failures', label: 'failed requests (closed loop) + stopped refresh chains', unit: 'count' },
];

function ratioValues(rounds, baseRounds, key) {
  const values = [];
  for (let round = 0; round < Math.min(rounds.length, baseRounds.length); round += 1) {
    const base = baseRounds[round]?.[key];
    const value = rounds[round]?.[key];
    if (value !== undefined && base !== undefined && base !== 0) values.push(value / base);
  }
  return values;
}

/**
 * `results`: configuration id → one measurement per round; `configurations`: ids and labels, in column order.
 * Returns the Markdown table.
 */
export function renderTable(results, configurations, { rate }) {
  const present = configurations.filter((configuration) => results[configuration.id]?.length > 0);
  const labelOf = (id) => present.find((configuration) => configuration.id === id)?.label ?? id;
  const rows = [];
  for (const metric of METRICS) {
    const label = metric.label.replace('RATE', `${number(rate)} req/s`);
    rows.push([
      label,
      ...present.map(({ id }) =>
        cell(
          (results[id] ?? []).map((round) => round[metric.key] ?? Number.NaN),
          metric.unit,
        ),
      ),
    ]);
    for (const base of metric.ratios ?? []) {
      if (!results[base]?.length) continue;
      rows.push([
        `  ↳ × ${labelOf(base)}`,
        ...present.map(({ id }) => cell(ratioValues(results[id], results[base], metric.key), 'ratio')),
      ]);
    }
  }
  const header = ['metric', ...present.map((configuration) => configuration.label)];
  const lines = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`);
  return lines.join('\n');
}
