// Lints source text as if it were the file at `filePath` (ESLint's Node API `lintText`, with the
// workspace's eslint.config.mjs) and prints `[{ filePath, messages: [{ ruleId, message }] }]`.
// Used by module-boundaries.spec.ts in a process of its own: ESLint loads its ESM config with a
// dynamic import, which jest's module sandbox does not run.
// Usage: node tools/lint/lint-text.mjs '[{"filePath": "libs/domain/src/x.ts", "code": "…"}]'
import { ESLint } from 'eslint';

const samples = JSON.parse(process.argv[2] ?? '[]');
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const { filePath, code } of samples) {
  const [result] = await eslint.lintText(code, { filePath });
  out.push({ filePath, messages: (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message })) });
}
process.stdout.write(JSON.stringify(out));
