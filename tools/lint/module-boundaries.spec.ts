/**
 * The module boundaries are enforced, not just written down: ESLint, with the workspace's own
 * configuration, reports a pure library importing a framework, the dashboard importing server code,
 * and an app importing another app — and accepts the imports each project is allowed.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

interface Linted {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

const samples = [
  { filePath: 'libs/domain/src/boundary-probe.ts', code: "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n" },
  { filePath: 'libs/contracts/src/boundary-probe.ts', code: "import { ref } from 'vue';\nexport const probe = ref;\n" },
  { filePath: 'libs/domain/src/boundary-probe.ts', code: "import { AlertRepository } from '@leadboard/server';\nexport const probe = AlertRepository;\n" },
  { filePath: 'libs/domain/src/boundary-probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n" },
  { filePath: 'apps/dashboard/src/boundary-probe.ts', code: "import { APP_CONFIG } from '@leadboard/server';\nexport const probe = APP_CONFIG;\n" },
  { filePath: 'apps/dashboard/src/boundary-probe.ts', code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n" },
  // allowed: the dashboard and the domain use the pure libraries, the worker uses libs/server
  { filePath: 'apps/dashboard/src/boundary-probe.ts', code: "import { FUNNEL_STAGES } from '@leadboard/contracts';\nexport const probe = FUNNEL_STAGES;\n" },
  { filePath: 'libs/domain/src/boundary-probe.ts', code: "import { z } from 'zod';\nimport { FUNNEL_STAGES } from '@leadboard/contracts';\nexport const probe = [z, FUNNEL_STAGES];\n" },
  { filePath: 'apps/worker/src/boundary-probe.ts', code: "import { APP_CONFIG } from '@leadboard/server';\nimport { Injectable } from '@nestjs/common';\nexport const probe = [APP_CONFIG, Injectable];\n" },
];

let results: Linted[];
beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'tools/lint/lint-text.mjs'), JSON.stringify(samples)], {
    cwd: ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    maxBuffer: 10 * 1024 * 1024,
  });
  results = JSON.parse(stdout) as Linted[];
}, 180_000);

const errorsOf = (i: number) => results[i].messages.map((m) => `${m.ruleId}: ${m.message}`);

it('reports a framework imported by a pure library', () => {
  expect(errorsOf(0)).toEqual(['@nx/enforce-module-boundaries: A project tagged with "type:pure" is not allowed to import "@nestjs/common"']);
  expect(errorsOf(1)).toEqual(['@nx/enforce-module-boundaries: A project tagged with "type:pure" is not allowed to import "vue"']);
});

it('reports libs/server imported by a pure library', () => {
  // libs/server imports the domain, so the rule names the cycle before the tags
  expect(errorsOf(2)).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: Circular dependency between "domain" and "server"/)]);
});

it('reports a Node builtin doing I/O in a pure library', () => {
  expect(errorsOf(3)).toEqual([expect.stringMatching(/^no-restricted-imports: 'node:fs' import is restricted/)]);
});

it('reports server code imported by the dashboard', () => {
  expect(errorsOf(4)).toEqual(['@nx/enforce-module-boundaries: A project tagged with "scope:dashboard" can only depend on libs tagged with "type:pure"']);
  expect(errorsOf(5)).toEqual(['@nx/enforce-module-boundaries: A project tagged with "scope:dashboard" is not allowed to import "typeorm"']);
});

it('accepts what each project may import', () => {
  expect([errorsOf(6), errorsOf(7), errorsOf(8)]).toEqual([[], [], []]);
});
