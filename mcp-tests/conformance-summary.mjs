#!/usr/bin/env node
// conformance-summary.mjs RESULTS_DIR EXIT_CODE: folds the per-scenario checks.json files the
// conformance CLI wrote (-o RESULTS_DIR) into one JSON object on stdout. A scenario passes when
// none of its checks has status FAILURE (WARNING and INFO do not fail, as in the CLI).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [dir, code] = process.argv.slice(2);
const scenarios = [];
for (const entry of existsSync(dir) ? readdirSync(dir).sort() : []) {
  const file = join(dir, entry, 'checks.json');
  if (!existsSync(file)) continue;
  // directory name: server-<scenario>-<ISO timestamp with : and . replaced by ->
  const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(entry);
  const checks = JSON.parse(readFileSync(file, 'utf8'));
  const count = (s) => checks.filter((c) => c.status === s).length;
  scenarios.push({
    scenario: m ? m[1] : entry,
    passed: count('SUCCESS'),
    failed: count('FAILURE'),
    warnings: count('WARNING'),
    failures: checks
      .filter((c) => c.status === 'FAILURE' || c.status === 'WARNING')
      .map((c) => ({ id: c.id, status: c.status, description: c.description, errorMessage: c.errorMessage }))
  });
}
const sum = (k) => scenarios.reduce((a, s) => a + s[k], 0);
process.stdout.write(
  JSON.stringify(
    {
      exitCode: Number(code),
      scenarioCount: scenarios.length,
      scenariosFailed: scenarios.filter((s) => s.failed > 0).map((s) => s.scenario),
      passed: sum('passed'),
      failed: sum('failed'),
      warnings: sum('warnings'),
      scenarios
    },
    null,
    2
  ) + '\n'
);
