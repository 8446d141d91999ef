import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOpenApiSpec } from './load-openapi-spec';

const SPEC = `openapi: 3.1.0
components:
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: string
          nullable: true
`;

describe('loadOpenApiSpec', () => {
  it('parses and normalizes the YAML once per process, caching it as JSON in the temp folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiclient-load-spec-'));
    const path = join(dir, 'openapi.yaml');
    writeFileSync(path, SPEC);
    const before = new Set(
      readdirSync(tmpdir()).filter((name) => name.startsWith('aiclient-openapi-')),
    );
    const document = await loadOpenApiSpec(path);
    expect(document?.components?.schemas?.Thing).toEqual({
      type: 'object',
      properties: { name: { type: ['string', 'null'] } },
    });
    expect(await loadOpenApiSpec(path)).toBe(document);
    const added = readdirSync(tmpdir()).filter(
      (name) => name.startsWith('aiclient-openapi-') && !before.has(name) && name.endsWith('.json'),
    );
    expect(added).toHaveLength(1);
    expect(existsSync(join(tmpdir(), added[0] ?? ''))).toBe(true);
  });

  it('resolves to undefined for a missing file', async () => {
    expect(await loadOpenApiSpec('/nonexistent/aiclient/openapi.yaml')).toBeUndefined();
  });
});
