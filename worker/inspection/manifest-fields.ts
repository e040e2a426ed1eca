// The manifest fields inspection relies on, checked with the rest of the manifest at load
// (load/check-manifest.ts), before anything is downloaded or allocated: the inspection
// graph's file, each block's map shape, and the memory one input's inspection needs. Pure.
import type { AttentionBlock, ModelManifest } from '../../contract/types.js';

/**
 * The most one input's inspection may need for what it returns (every block's maps before
 * and after its gate, squeeze, gates; 4 bytes a value). A manifest that declares more is
 * refused at load: a hostile or broken one must not make the worker allocate without bound.
 * SE-LeNet needs 15 KB.
 */
export const INSPECTION_BYTES_LIMIT = 64 * 1024 * 1024;

/** Bytes of what one input's inspection returns, from the blocks' declared map shapes. */
export function inspectionBytes(blocks: readonly AttentionBlock[]): number {
  let values = 0;
  for (const { channels, map } of blocks) {
    const [c, h, w] = map ?? [channels, 1, 1];
    values += 2 * c * h * w + 3 * channels;
  }
  return values * 4;
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

/** The first problem of the inspection fields, naming the field; undefined if none. */
export function inspectionFieldsProblem(m: Pick<ModelManifest, 'attention'> & { inspection?: unknown }): string | undefined {
  for (const [i, block] of m.attention.entries()) {
    const { map } = block as { map?: unknown };
    if (map === undefined) continue;
    if (!Array.isArray(map) || map.length !== 3 || !map.every(isCount) || map[0] !== block.channels) {
      return `"attention[${i}].map" must be [channels, height, width] with channels ${block.channels}; got ${JSON.stringify(map)}`;
    }
  }
  const { inspection } = m;
  if (inspection === undefined) return undefined;
  const file = inspection as Record<string, unknown> | null;
  if (typeof file !== 'object' || file === null || typeof file.url !== 'string' || !file.url) return '"inspection.url" is missing';
  if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) return '"inspection.sha256" must be 64 lowercase hex digits';
  if (!isCount(file.bytes)) return '"inspection.bytes" must be the size of the inspection .onnx in bytes';
  const unmapped = m.attention.findIndex((block) => block.map === undefined);
  if (unmapped >= 0) return `"attention[${unmapped}].map" is needed with "inspection" (the export tool writes it)`;
  const bytes = inspectionBytes(m.attention);
  if (bytes > INSPECTION_BYTES_LIMIT) {
    const largest = m.attention.reduce((a, b, i) => (inspectionBytes([b]) > inspectionBytes([m.attention[a]!]) ? i : a), 0);
    return `"attention[${largest}].map" and the other blocks' maps would need ${(bytes / 2 ** 20).toFixed(0)} MB to inspect one input; se-edge allows ${INSPECTION_BYTES_LIMIT / 2 ** 20} MB`;
  }
  return undefined;
}
