import { describe, expect, it, vi } from 'vitest';
import { levelFilteredLogger } from './level-filtered-logger';

function spyLogger() {
  return { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
}

describe('levelFilteredLogger', () => {
  it('forwards records at or above the level', () => {
    const target = spyLogger();
    const logger = levelFilteredLogger(target, 'warn');
    logger.error('e');
    logger.warn('w', { a: 1 });
    logger.info('i');
    logger.debug('d');
    expect(target.error).toHaveBeenCalledWith('e');
    expect(target.warn).toHaveBeenCalledWith('w', { a: 1 });
    expect(target.info).not.toHaveBeenCalled();
    expect(target.debug).not.toHaveBeenCalled();
  });

  it('drops everything when off', () => {
    const target = spyLogger();
    levelFilteredLogger(target, 'off').error('x');
    expect(target.error).not.toHaveBeenCalled();
  });
});
