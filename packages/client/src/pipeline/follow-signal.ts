function noop(): void {}

/**
 * Aborts `controller` with `source`'s reason when `source` aborts (at once if it already has).
 * Returns the unlink, to call when the link is no longer needed: unlike `AbortSignal.any`, no
 * weak tracking is left behind per call, and a long-lived caller signal keeps no listener.
 */
export function followSignal(
  source: AbortSignal | undefined,
  controller: AbortController,
): () => void {
  if (source === undefined) return noop;
  if (source.aborted) {
    controller.abort(source.reason);
    return noop;
  }
  const onAbort = () => controller.abort(source.reason);
  source.addEventListener('abort', onAbort, { once: true });
  return () => source.removeEventListener('abort', onAbort);
}
