/**
 * onnxruntime's session-creation errors, turned into one line that says which op is missing
 * where and what may run it instead. Unrecognised errors keep their first line.
 */

export interface SessionErrorContext {
  modelPath: string;
  /** The backend spec, e.g. `ort:cpu`. */
  spec: string;
  /** onnxruntime's version. */
  version: string;
}

const ELSEWHERE = 'another backend (e.g. opencv:opencv/cpu) or an export at another opset may run it';

export function explainSessionError(message: string, c: SessionErrorContext): string {
  const first = message.split('\n')[0]!;
  // The op exists in ONNX but this build has no kernel for its opset or input types.
  const noKernel = /Could not find an implementation for (\S+)\((\d+)\) node with name '([^']*)'/.exec(first);
  if (noKernel) {
    const [, op, opset, node] = noKernel;
    return `onnxruntime ${c.version} on ${c.spec} has no kernel for op ${op} at opset ${opset} with these input types (node '${node}') in ${c.modelPath}: ${ELSEWHERE}`;
  }
  // The op is not in ONNX (or not at this opset): a custom or newer op.
  const noOp = /No Op registered for (\S+) with domain_version of (\d+)/.exec(first);
  if (noOp) {
    const [, op, opset] = noOp;
    const node = /In Node, \("([^"]*)"/.exec(first)?.[1];
    return (
      `onnxruntime ${c.version} knows no op ${op} at opset ${opset}${node ? ` (node '${node}')` : ''} in ${c.modelPath}: ` +
      `a custom op or one from a newer ONNX opset; ${ELSEWHERE}, or a newer onnxruntime (--engine ortNN=ort:module=<path>)`
    );
  }
  return `onnxruntime ${c.version} could not create a session for ${c.modelPath} on ${c.spec}: ${first}`;
}
