/**
 * Leadboard call-center simulator (CLI): the demo's data source and the load generator.
 *   node dist/apps/simulator/main.js --url http://127.0.0.1:3000 --key <ingestKey> --rate 20
 * See --help. Exit codes: 0 done or stopped, 1 the server refused the events for good, 2 bad usage.
 */
import { CallCenterModel } from './app/call-center.model';
import { IngestClient } from './app/ingest.client';
import { VicidialClient } from './app/vicidial.client';
import { LoadRunner } from './app/load.runner';
import { parseSimOptions, USAGE, type SimOptions } from './app/sim-options';

async function printEvents(model: CallCenterModel, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (!process.stdout.write(`${JSON.stringify(model.next())}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
}

async function run(options: SimOptions): Promise<number> {
  const model = new CallCenterModel({
    seed: options.seed,
    campaigns: options.campaigns,
    operators: options.operators,
    juniorShare: options.juniorShare,
    dncCallShare: options.dncCallShare,
  });
  if (options.print !== null) {
    await printEvents(model, options.print);
    return 0;
  }

  const team = model.team();
  const seniors = team.filter((op) => op.seniority === 'senior').length;
  console.log(
    `[simulator] run ${model.runId}: ${options.rate} events/s to ${options.url}, campaigns ${model.campaigns
      .map((c) => c.campaignId)
      .join(', ')}, ${team.length} operators (${team.length - seniors} junior, ${seniors} senior), ` +
      `batch ${options.batch}, seed ${options.seed}${options.duration ? `, for ${options.duration} s` : ''}` +
      (options.format === 'vicidial' ? `, through the VICIdial URLs (local times in ${options.vicidialTimeZone})` : ''),
  );

  const client =
    options.format === 'vicidial'
      ? new VicidialClient({ url: options.url, key: options.key, timeZone: options.vicidialTimeZone })
      : new IngestClient({ url: options.url, key: options.key });
  const runner = new LoadRunner(model, client, {
    rate: options.rate,
    batch: options.batch,
    concurrency: options.concurrency,
    duration: options.duration,
    describe: () => `open-leads=${Object.values(model.openLeads()).reduce((a, b) => a + b, 0)}`,
  });

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      console.error(`[simulator] ${signal} again: exiting now`);
      process.exit(130);
    }
    runner.stop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const result = await runner.run();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return result.exitCode;
}

async function main(): Promise<void> {
  const parsed = parseSimOptions(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`simulator: ${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await run(parsed.options);
}

main().catch((err: unknown) => {
  console.error('[simulator] crashed:', err);
  process.exitCode = 1;
});
