/** Models the mock lists by default: chat, reasoning and embedding ids tests commonly use. */
export const DEFAULT_MODELS: readonly string[] = [
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'o4-mini',
  'gpt-5-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'text-embedding-ada-002',
];

/** Fixed creation time so listings are byte-for-byte stable across runs. */
const MODEL_CREATED = 1_715_367_049;

/** The spec's `Model` object for an id. */
export function modelObject(id: string): {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
} {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'system' };
}

/** The spec's `ListModelsResponse` for a set of ids. */
export function listModels(ids: readonly string[]): {
  object: 'list';
  data: ReturnType<typeof modelObject>[];
} {
  return { object: 'list', data: ids.map(modelObject) };
}
