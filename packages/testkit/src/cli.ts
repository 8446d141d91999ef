#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { startMockOpenAI } from './mock-openai';
import { CLI_USAGE, parseCliArgs, parseFaultsFile } from './parse-cli-args';

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(CLI_USAGE);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(CLI_USAGE);
    return;
  }
  const faults =
    args.faultsFile === undefined
      ? []
      : parseFaultsFile(JSON.parse(readFileSync(args.faultsFile, 'utf8')) as unknown);
  const server = await startMockOpenAI({
    port: args.port,
    validateRequests: args.validateRequests,
    keys: args.keys,
    faults,
    ...(args.seed === undefined ? {} : { seed: args.seed }),
    ...(args.specPath === undefined ? {} : { specPath: args.specPath }),
  });
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Printed last: whoever waits for the URL may signal at once, so the handlers must be in place.
  console.log(server.url);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
