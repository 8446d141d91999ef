/** The npm name of this package. */
export function packageName(): string {
  return '@aiclient/telemetry';
}
