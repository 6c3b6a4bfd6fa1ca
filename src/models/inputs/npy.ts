/**
 * Reads NumPy `.npy` files (format versions 1 to 3, C order, either byte order) of the dtypes
 * dnnperf feeds. Own reader: npyjs, the one maintained npm parser, pulls in a fetch polyfill,
 * does not check the data size against the shape and gives bools as JS arrays; the format is
 * a magic string, a Python dict header and the raw values.
 */
import { DnnperfError } from '../../errors.js';
import type { DType } from '../../results/schema.js';
import { elementCount, readElements, type TensorFile } from './tensor-bytes.js';

const MAGIC = '\x93NUMPY';
/** NumPy type codes (without the byte-order character) of the dtypes dnnperf feeds. */
const CODES: Record<string, DType> = { f4: 'float32', f2: 'float16', i8: 'int64', i4: 'int32', i1: 'int8', u1: 'uint8', b1: 'bool' };

function header(bytes: Uint8Array, what: string): { text: string; dataStart: number } {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (bytes.length < 10 || magic !== MAGIC) {
    throw new DnnperfError('E_INPUT', `${what} is not a NumPy .npy file (no \\x93NUMPY magic): save it with numpy.save`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const lenBytes = major === 1 ? 2 : 4;
  const start = 8 + lenBytes;
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (major < 1 || major > 3 || start + length > bytes.length) {
    throw new DnnperfError(
      'E_INPUT',
      `${what} has a damaged .npy header (version ${major}, ${length} header bytes in a ${bytes.length}-byte file): save it again with numpy.save`,
    );
  }
  return { text: new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length)), dataStart: start + length };
}

export function parseNpy(bytes: Uint8Array, what: string): TensorFile {
  const { text, dataStart } = header(bytes, what);
  const descr = /'descr'\s*:\s*'([<>|=])([a-z]\d+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shape === undefined) {
    throw new DnnperfError(
      'E_INPUT',
      `${what}: the .npy header ${JSON.stringify(text.trim())} has no plain dtype, fortran_order and shape (structured arrays are not inputs): save a plain array with numpy.save`,
    );
  }
  const dtype = CODES[descr[2]!];
  if (!dtype) {
    throw new DnnperfError(
      'E_INPUT',
      `${what} holds NumPy dtype ${descr[2]}, which dnnperf cannot feed: convert it, e.g. numpy.save(f, x.astype(numpy.float32)) (supported: ${Object.keys(CODES).join(', ')})`,
    );
  }
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (fortran === 'True' && dims.filter((d) => d > 1).length > 1) {
    throw new DnnperfError('E_INPUT', `${what} is stored in Fortran order: save it with numpy.save(f, numpy.ascontiguousarray(x))`);
  }
  const data = readElements(bytes.subarray(dataStart), dtype, elementCount(dims), descr[1] !== '>', what);
  return { tensor: { dtype, dims, data } };
}
