import { AIError, serializeError } from '@aiclient/errors';
import { CliUsageError, HELP_TEXT, parseCliArgs } from './parse-cli-args.js';
import { waitForShutdownSignal } from './wait-for-shutdown-signal.js';

/**
 * `npm start` (through tooling/scripts/start.mjs): the demo batch and summary, or with
 * `--serve` the service kept running until SIGINT/SIGTERM, which drain in-flight requests,
 * flush telemetry and exit 0.
 */
async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv, env);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`aiclient sample: ${err.message}\nRun with --help for the options.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  const signal = waitForShutdownSignal();
  let serving = false;
  // Ctrl-C during the demo batch stops it at once; once serving, a signal drains instead.
  void signal.then((received) => {
    if (serving) return;
    // The progress bar hid the cursor; give it back before leaving.
    if (process.stdout.isTTY) process.stdout.write('\u001b[?25h');
    process.stderr.write(`\n${received}: demo interrupted\n`);
    process.exit(130);
  });
  // Loaded here, not at the top: --help and usage errors answer without loading the SDKs.
  const { runDemo } = await import('./run-demo.js');
  const run = await runDemo({
    env,
    logDir: options.logDir,
    seed: options.seed,
    port: options.port,
    skipCalls: options.noDemo,
  });
  if (options.serve) {
    serving = true;
    run.service.logger.setConsoleLevel('warn');
    const url = run.service.url;
    process.stdout.write(
      [
        '',
        `Serving on ${url} (Ctrl-C to stop). Try:`,
        `  curl -s ${url}/v1/ask -H 'content-type: application/json' -d '{"prompt":"Hello"}'`,
        `  curl -sN ${url}/v1/ask -H 'content-type: application/json' -d '{"prompt":"Hello","stream":true}'`,
        `  curl -s ${url}/readyz`,
        `  curl -s ${url}/metrics`,
        '',
      ].join('\n'),
    );
    const received = await signal;
    process.stdout.write(`\n${received}: draining in-flight requests…\n`);
  }
  await run.stop();
  // A demo that could not run because of the configuration is a failed start.
  return run.service.configProblem !== undefined && !options.serve ? 1 : 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Never a stack or a secret on the terminal: the code and errorId lead to the log file.
    const detail = AIError.isInstance(err)
      ? `${err.code}: ${err.message} (errorId ${err.context.errorId})`
      : serializeError(err).message;
    process.stderr.write(`aiclient sample failed: ${detail}\n`);
    process.exit(1);
  },
);
