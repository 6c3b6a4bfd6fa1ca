/** The model manifest (`models/zoo.json`): real models, where to get them, and how to check them. */
import { z } from 'zod';
import { MODEL_ID_PATTERN } from './model-id.js';

/** One relative path segment that cannot climb out of a folder. */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const relativePath = z
  .string()
  .refine((p) => p.split('/').every((s) => SAFE_SEGMENT.test(s)), 'must be a relative path of plain segments (no `..`, no leading `/`)');

/** A dim is a size or a symbolic name (`N`, `batch_size`, `unk__492`). */
const dim = z.union([z.number().int().nonnegative(), z.string().min(1)]);

const tensorInfo = z.object({
  name: z.string().min(1),
  shape: z.array(dim),
  type: z.string().min(1),
});

export const manifestEntrySchema = z.object({
  id: z.string().regex(MODEL_ID_PATTERN, 'lowercase letters, digits, `.`, `-`, `_`'),
  name: z.string().min(1),
  opset: z.number().int().positive().nullable(),
  /** Path of the file in the source repository; a mirror serves it at `<mirror>/<modelPath>`. */
  modelPath: relativePath,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
  bytes: z.number().int().positive(),
  /** Tried in order after the mirror; http(s), `file://` or a local path. */
  urls: z.array(z.string().min(1)),
  /** Set when the download is a `.tar.gz` bundle: `member` is the model file inside it. */
  archive: z.object({ member: relativePath }).optional(),
  tags: z.array(z.string()).default([]),
  inputs: z.array(tensorInfo),
  outputs: z.array(tensorInfo),
  source: z.object({ repo: z.string(), commit: z.string(), manifest: z.string().optional() }),
  license: z.string().min(1),
});

export const manifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    description: z.string().optional(),
    models: z.array(manifestEntrySchema),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.models.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate id ${e.id}` });
      seen.add(e.id);
    });
  });

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type TensorInfo = z.infer<typeof tensorInfo>;
