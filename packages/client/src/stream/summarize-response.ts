import type { CallResult } from '../pipeline/stage';
import { readUsage } from './read-usage';

/**
 * Copies what telemetry needs (id, model, finish reasons, usage) from a parsed non-streamed
 * response body into `result`. Reads top-level fields only.
 */
export function summarizeResponse(body: unknown, result: CallResult): void {
  if (typeof body !== 'object' || body === null) return;
  const value = body as Record<string, unknown>;
  if (typeof value.id === 'string') result.responseId = value.id;
  if (typeof value.model === 'string') result.responseModel = value.model;
  const usage = readUsage(value.usage);
  if (usage !== undefined) result.usage = usage;
  if (Array.isArray(value.choices)) {
    const reasons: string[] = [];
    for (const choice of value.choices) {
      const reason = (choice as { finish_reason?: unknown } | null)?.finish_reason;
      if (typeof reason === 'string') reasons.push(reason);
    }
    if (reasons.length > 0) result.finishReasons = reasons;
  } else if (typeof value.status === 'string' && value.object === 'response') {
    result.finishReasons = [value.status];
  }
}
