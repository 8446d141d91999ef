/** How bad an error is, for logs and alerting. Values are the lowercase names log backends expect. */
export const ErrorSeverity = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
} as const;

/** One of the {@link ErrorSeverity} values. */
export type ErrorSeverity = (typeof ErrorSeverity)[keyof typeof ErrorSeverity];
