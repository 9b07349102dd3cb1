import type { OperationMeta } from "../operation/types";

/** The operation fields the emitter reads, in the order they appear in an operation definition. @internal */
export const OPERATION_META_KEYS = [
  "operationId",
  "summary",
  "description",
  "visibility",
  "tags",
  "deprecated",
  "annotation",
  "noGenericTest",
  "pageable",
  "chunkTransfer",
  "openAiData",
] as const satisfies readonly (keyof OperationMeta)[];

/**
 * Copies an operation's metadata (the fields the emitter reads), leaving out the ones that are not set.
 * @internal
 */
export function operationMeta(
  op: OperationMeta,
  keys: readonly (keyof OperationMeta)[] = OPERATION_META_KEYS,
): OperationMeta {
  const meta: Record<string, unknown> = {};
  for (const key of keys) if (op[key] !== undefined) meta[key] = op[key];
  return meta as unknown as OperationMeta;
}
