import { describe, expect, it } from 'vitest';
import { parseBatchList, parseShapeFlags } from '../../src/cli/parse.js';
import { resolveShapes } from '../../src/models/resolve-shapes.js';

const image = [{ name: 'input', dims: ['batch', 3, 64, 64] as Array<number | string | null> }];

describe('resolveShapes', () => {
  it('fills the symbolic leading dim with the batch', () => {
    expect(resolveShapes(image, 8, {}, 'm')).toEqual({ shapes: { input: [8, 3, 64, 64] } });
  });

  it('takes requested dims, null meaning the batch', () => {
    const text = [{ name: 'ids', dims: ['batch', 'seq'] as Array<number | string | null> }];
    expect(resolveShapes(text, 4, { ids: [null, 128] }, 'm').shapes).toEqual({ ids: [4, 128] });
  });

  it('names a dim left open and how to set it', () => {
    const text = [{ name: 'ids', dims: ['batch', 'seq'] as Array<number | string | null> }];
    expect(() => resolveShapes(text, 1, {}, 'bert.onnx')).toThrow(/dim 1 \('seq'\) of input 'ids' in bert\.onnx is not set: pass --shape ids=Nx<size>/);
  });

  it('rejects a shape that contradicts a fixed dim, giving the shape that fits', () => {
    expect(() => resolveShapes(image, 1, { input: [null, 3, 224, 224] }, 'resnet-mini')).toThrow(
      "shape Nx3x224x224 for input 'input' contradicts resnet-mini, which fixes dim 2 to 64: use input=Nx3x64x224",
    );
  });

  it('rejects an input name the model lacks, listing its inputs', () => {
    expect(() => resolveShapes(image, 1, { data: [1, 3, 64, 64] }, 'resnet-mini')).toThrow(/'data' is not an input of resnet-mini \(its inputs: input\)/);
  });

  it('rejects a wrong rank', () => {
    expect(() => resolveShapes(image, 1, { input: [1, 3, 64] }, 'm')).toThrow(/has 3 dims but the model declares 4/);
  });

  it('keeps fixed dims when the model fixes everything', () => {
    const fixed = [{ name: 'x', dims: [1, 4] as Array<number | string | null> }];
    expect(resolveShapes(fixed, 8, {}, 'm')).toEqual({ shapes: { x: [1, 4] } });
  });
});

describe('flag parsers', () => {
  it('parses --shape with N for the batch', () => {
    expect(parseShapeFlags(['input=Nx3x224x224', 'mask=1x128'])).toEqual({ input: [null, 3, 224, 224], mask: [1, 128] });
  });
  it('rejects a malformed --shape', () => {
    expect(() => parseShapeFlags(['input=0x3'])).toThrow(/--shape 'input=0x3' is not name=DIMxDIM/);
    expect(() => parseShapeFlags(['3x224'])).toThrow(/--shape '3x224'/);
  });
  it('parses --batch and rejects zero or negative sizes', () => {
    expect(parseBatchList('1,8')).toEqual([1, 8]);
    expect(() => parseBatchList('0')).toThrow("--batch '0' must be a comma-separated list of positive integers");
    expect(() => parseBatchList('1,-2')).toThrow(/--batch '1,-2'/);
  });
});
