import { expect, it } from 'vitest';
import { ErrorSeverity } from './error-severity';

it('lists the five severities in increasing order', () => {
  expect(Object.values(ErrorSeverity)).toEqual(['debug', 'info', 'warning', 'error', 'critical']);
});
