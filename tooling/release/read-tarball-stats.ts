import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Size figures of a package tarball. */
export interface TarballStats {
  packedBytes: number;
  unpackedBytes: number;
  fileCount: number;
  /** Paths inside the tarball, `package/` prefix removed. */
  files: string[];
}

/**
 * Reads a `.tgz` as npm and pnpm write it (ustar headers, 512-byte blocks): the registry's
 * manifest carries `unpackedSize` only when npm itself published, so the check counts.
 */
export function readTarballStats(path: string): TarballStats {
  const gz = readFileSync(path);
  const tar = gunzipSync(gz);
  let offset = 0;
  let unpackedBytes = 0;
  const files: string[] = [];
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(
      header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0',
      8,
    );
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === '0' || type === '\0') {
      files.push((prefix === '' ? name : `${prefix}/${name}`).replace(/^package\//, ''));
      unpackedBytes += size;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { packedBytes: gz.length, unpackedBytes, fileCount: files.length, files };
}
