import type { AskRequest } from './ask-request-schema.js';
import type { ErrorBody } from './error-response.js';
import type { AskAnswer, AskUsage } from './openai-asker.js';
import { readSseEvents } from './read-sse-events.js';
import { TRACE_ID_HEADER } from './trace-requests.js';

/** What a caller of `POST /v1/ask` observed. */
export interface AskOutcome {
  ok: boolean;
  /** HTTP status of the response. */
  status: number;
  /** Error code from the JSON error body or the stream's `error` event. */
  code?: string;
  /** Model that answered (differs from the requested one after a fallback). */
  model?: string;
  text: string;
  usage?: AskUsage;
  /** Trace id of the request, from the `x-trace-id` header. */
  traceId?: string;
}

function fromErrorBody(outcome: AskOutcome, body: unknown): AskOutcome {
  const code = (body as Partial<ErrorBody> | undefined)?.error?.code;
  return { ...outcome, ok: false, code: code ?? 'AI-API-099' };
}

/**
 * Sends one ask to the sample service and reads the answer, JSON or streamed, to the end.
 * A failure is an outcome, not an exception: only a broken connection to the service throws.
 */
export async function sendAsk(baseUrl: string, body: AskRequest): Promise<AskOutcome> {
  const response = await fetch(`${baseUrl}/v1/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const base: AskOutcome = { ok: response.ok, status: response.status, text: '' };
  const traceId = response.headers.get(TRACE_ID_HEADER);
  if (traceId !== null) base.traceId = traceId;
  const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  if (!isStream || response.body === null) {
    const json: unknown = await response.json();
    if (!response.ok) return fromErrorBody(base, json);
    const answer = json as AskAnswer;
    const outcome: AskOutcome = { ...base, model: answer.model, text: answer.text };
    if (answer.usage !== undefined) outcome.usage = answer.usage;
    return outcome;
  }
  let outcome = base;
  for await (const event of readSseEvents(response.body)) {
    const data: unknown = JSON.parse(event.data);
    if (event.event === 'delta') {
      outcome = { ...outcome, text: outcome.text + String((data as { text?: unknown }).text) };
    } else if (event.event === 'done') {
      const done = data as { model?: string; usage?: AskUsage };
      if (done.model !== undefined) outcome.model = done.model;
      if (done.usage !== undefined) outcome.usage = done.usage;
    } else if (event.event === 'error') {
      outcome = fromErrorBody(outcome, data);
    }
  }
  return outcome;
}
