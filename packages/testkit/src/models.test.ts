import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS, listModels, modelObject } from './models';

describe('models', () => {
  it('lists model objects with stable fields', () => {
    const list = listModels(['a', 'b']);
    expect(list).toEqual({
      object: 'list',
      data: [modelObject('a'), modelObject('b')],
    });
    expect(modelObject('a')).toMatchObject({ id: 'a', object: 'model', owned_by: 'system' });
    expect(DEFAULT_MODELS).toContain('gpt-4o-mini');
    expect(DEFAULT_MODELS).toContain('text-embedding-3-small');
  });
});
