/** What one hostile request got back. */
export interface HostileAnswer {
  readonly status: number;
  /** `error.message` of the JSON error body, when there was one. */
  readonly message?: string;
}

/** Answers by case, and one line per case that broke the guarantee. */
export interface HostileInputReport {
  readonly answers: Record<string, HostileAnswer>;
  readonly violations: string[];
}

interface HostileCase {
  readonly name: string;
  readonly init: RequestInit;
  /** Statuses that honour the guarantee. */
  readonly expected: readonly number[];
}

function jsonBody(text: string): RequestInit {
  return { headers: { 'content-type': 'application/json' }, body: text };
}

function chunkedBody(megabytes: number): RequestInit {
  const piece = new TextEncoder().encode('x'.repeat(1024 * 1024));
  const body = new ReadableStream({
    start(controller) {
      for (let i = 0; i < megabytes; i++) controller.enqueue(piece);
      controller.close();
    },
  });
  return {
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit;
}

// Oversized bodies last: a server may close the connection after a 413, and the HTTP client can
// pick that closed socket for the next request.
const CASES: readonly HostileCase[] = [
  { name: 'malformed JSON', init: jsonBody('{"prompt": "hi",'), expected: [400] },
  {
    name: 'body that fails validation',
    init: jsonBody(JSON.stringify({ prompt: 42, extra: true, maxTokens: -1 })),
    expected: [400],
  },
  {
    name: 'deeply nested JSON',
    init: jsonBody(`${'['.repeat(5_000)}${']'.repeat(5_000)}`),
    expected: [400],
  },
  { name: 'JSON null', init: jsonBody('null'), expected: [400] },
  { name: 'a JSON string', init: jsonBody('"prompt"'), expected: [400] },
  {
    name: 'binary body',
    init: {
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255, 1, 254, 0x7b]),
    },
    expected: [400, 415],
  },
  {
    name: '200 KB body',
    init: jsonBody(JSON.stringify({ prompt: 'x'.repeat(200 * 1024) })),
    expected: [413],
  },
  { name: '10 MB chunked body', init: chunkedBody(10), expected: [413] },
];

async function send(url: string, init: RequestInit): Promise<HostileAnswer> {
  const response = await fetch(url, { method: 'POST', ...init });
  const text = await response.text();
  let message: string | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    message = undefined;
  }
  return message === undefined ? { status: response.status } : { status: response.status, message };
}

/**
 * Sends malformed, invalid, nested, non-object, binary and oversized bodies to `askUrl` and
 * checks each gets one of its expected statuses (400, or 413 for size) with a JSON error message,
 * and that `healthUrl` still answers 200 afterwards.
 */
export async function checkHostileInput(
  askUrl: string,
  healthUrl: string,
): Promise<HostileInputReport> {
  const answers: Record<string, HostileAnswer> = {};
  const violations: string[] = [];
  for (const hostile of CASES) {
    let answer: HostileAnswer;
    try {
      answer = await send(askUrl, hostile.init);
    } catch (error) {
      violations.push(`${hostile.name}: no answer (${(error as Error).message})`);
      continue;
    }
    answers[hostile.name] = answer;
    if (!hostile.expected.includes(answer.status)) {
      violations.push(
        `${hostile.name}: status ${answer.status}, expected ${hostile.expected.join(' or ')}`,
      );
    } else if (answer.message === undefined || answer.message.length < 10) {
      violations.push(`${hostile.name}: no clear error message`);
    }
  }
  try {
    const health = await fetch(healthUrl);
    await health.arrayBuffer();
    if (health.status !== 200) violations.push(`health check answered ${health.status} afterwards`);
  } catch (error) {
    violations.push(`the service is down afterwards (${(error as Error).message})`);
  }
  return { answers, violations };
}
