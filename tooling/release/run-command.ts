import { spawn } from 'node:child_process';

/** What a finished command left behind. */
export interface CommandResult {
  /** Exit code; `null` when the process was killed (timeout) or could not start. */
  status: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the command (by its own process id) after this long. @default 120000 */
  timeoutMs?: number;
  /** Written to the command's standard input, which is then closed. */
  input?: string;
}

/**
 * Runs a command without a shell and collects its output. Never throws for a failing command:
 * the caller decides, and prints the output when it matters.
 */
export function runCommand(
  cmd: string,
  args: readonly string[],
  { cwd, env = process.env, timeoutMs = 120_000, input }: RunCommandOptions,
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        status: null,
        stdout,
        stderr: `${stderr}${error.message}`,
        durationMs: Date.now() - started,
        timedOut,
      });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, durationMs: Date.now() - started, timedOut });
    });
    child.stdin.end(input ?? '');
  });
}

/** The last lines of a command's output, for failure messages. */
export function outputTail(result: CommandResult, lines = 25): string {
  // Progress spinners (changesets' clack prompts) redraw one line with escape codes: drop them.
  const text = `${result.stdout}\n${result.stderr}`
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape codes
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .trim();
  const all = text.split('\n').filter((line) => !/^[◒◐◓◑]/.test(line));
  return all.slice(-lines).join('\n') + (result.timedOut ? '\n(timed out)' : '');
}

/**
 * The gist of a failed Node process: its standard error without stack frames, so the message
 * (e.g. which module was not found) comes first.
 */
export function errorSummary(result: CommandResult, lines = 8): string {
  const text = result.stderr
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) && !/^Node\.js v/.test(line) && line.trim() !== '')
    .slice(0, lines)
    .join('\n');
  return text === '' ? outputTail(result, lines) : text;
}
