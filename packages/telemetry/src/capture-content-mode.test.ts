import { describe, expect, it } from 'vitest';
import { CAPTURE_CONTENT_ENV, captureContentMode } from './capture-content-mode';

describe('captureContentMode', () => {
  it('records nothing unless opted in', () => {
    expect(captureContentMode({})).toBe('none');
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: 'false' })).toBe('none');
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: 'NO_CONTENT' })).toBe('none');
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: 'yes please' })).toBe('none');
    expect(captureContentMode(undefined)).toBe('none');
  });

  it('accepts the boolean form', () => {
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: 'true' })).toBe('span_and_event');
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: 'TRUE' })).toBe('span_and_event');
  });

  it('accepts the enum form, case-insensitively', () => {
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: 'SPAN_ONLY' })).toBe('span_only');
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: 'event_only' })).toBe('event_only');
    expect(captureContentMode({ [CAPTURE_CONTENT_ENV]: ' Span_And_Event ' })).toBe(
      'span_and_event',
    );
  });
});
