/**
 * A build-time error: the apiProperties.json the options describe would be refused by the platform or by
 * certification. The message names the offending option.
 *
 * @example
 * ```ts
 * throw new ApiPropertiesError('iconBrandColor must be "#da3b01" for an independent-publisher connector');
 * ```
 */
export class ApiPropertiesError extends Error {
  override readonly name = "ApiPropertiesError";
}
