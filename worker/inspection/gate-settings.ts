// From the gates an app imposes ({ se2: { 5: 0 } }) to the inspection graph's override
// inputs: one row of `channels` values per block and run row, NaN where the model's own
// gate stays. Every block, channel and value is checked: a mistake is an InputError that
// names it, never a silent no-op. Pure.
import { InputError } from '../../contract/errors.js';
import type { AttentionBlock, GateSettings } from '../../contract/types.js';

/** Per block name, `rows` x channels values, all NaN (no intervention). */
export function noOverrides(blocks: readonly AttentionBlock[], rows: number): Record<string, Float32Array> {
  return Object.fromEntries(blocks.map((b) => [b.name, new Float32Array(rows * b.channels).fill(NaN)]));
}

/** The blocks named in `names` (default: all), checked. */
export function blocksNamed(blocks: readonly AttentionBlock[], names: unknown): AttentionBlock[] {
  if (names === undefined) return [...blocks];
  if (!Array.isArray(names) || names.length === 0) throw new InputError(`blocks must be a non-empty array of block names (${known(blocks)})`);
  return names.map((name) => blockNamed(blocks, name));
}

/** Row 0 of fresh overrides with the app's gates set; an InputError for any bad entry. */
export function gateOverrides(blocks: readonly AttentionBlock[], gates: unknown): Record<string, Float32Array> {
  const overrides = noOverrides(blocks, 1);
  if (gates === undefined) return overrides;
  if (typeof gates !== 'object' || gates === null || Array.isArray(gates)) {
    throw new InputError('gates must be an object: { <block>: { <channel>: <value in [0, 1]> } }');
  }
  for (const [name, channels] of Object.entries(gates as GateSettings)) {
    const block = blockNamed(blocks, name);
    if (typeof channels !== 'object' || channels === null || Array.isArray(channels)) {
      throw new InputError(`gates.${name} must be an object: { <channel>: <value in [0, 1]> }`);
    }
    for (const [key, value] of Object.entries(channels)) {
      const channel = Number(key);
      if (!(Number.isInteger(channel) && channel >= 0 && channel < block.channels && String(channel) === key)) {
        throw new InputError(`gates.${name}: channel ${JSON.stringify(key)} does not exist; ${name} has channels 0 to ${block.channels - 1}`);
      }
      if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
        throw new InputError(`gates.${name}[${channel}] is ${String(value)}; a gate is a number in [0, 1]`);
      }
      overrides[name]![channel] = value;
    }
  }
  return overrides;
}

function blockNamed(blocks: readonly AttentionBlock[], name: unknown): AttentionBlock {
  const block = blocks.find((b) => b.name === name);
  if (!block) throw new InputError(`the model has no SE block ${JSON.stringify(name)}; its blocks are ${known(blocks)}`);
  return block;
}

const known = (blocks: readonly AttentionBlock[]) => blocks.map((b) => b.name).join(', ');
