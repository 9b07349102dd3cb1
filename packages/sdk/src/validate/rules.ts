/**
 * The catalogue of rules the validator implements.
 * @module
 */
import type { RuleCategory, RuleSource, ValidationSeverity, ValidatorRule } from "./types";

interface RuleSpec {
  readonly severity: ValidationSeverity;
  readonly category: RuleCategory;
  readonly description: string;
  readonly source?: RuleSource;
  readonly certificationOnly?: boolean;
}

const E = "error" as const;
const W = "warning" as const;

/**
 * Every rule, keyed by id. Microsoft does not publish severities: a rule whose message says "should" (or that
 * POWER-PLATFORM.md reports as a warning) is a warning, every other rule is an error.
 * @internal
 */
export const RULE_TABLE = {
  // ── Operations ──────────────────────────────────────────────────────────────
  ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations: {
    severity: E,
    category: "operations",
    description: "`x-ms-api-annotation.replacement` only on operations with `deprecated: true`.",
  },
  ApiAnnotationExtensionReplacementInfoMissingApiProperty: {
    severity: E,
    category: "operations",
    description: "`x-ms-api-annotation.replacement` must name the `api`.",
  },
  ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty: {
    severity: E,
    category: "operations",
    description: "`x-ms-api-annotation.replacement` must name the `operationId`.",
  },
  ArrayDuplicateValue: {
    severity: E,
    category: "operations",
    description:
      "`enum`, `required`, `schemes`, `consumes`, `produces` and operation `tags` hold unique values.",
  },
  BodyOrFormDataParameterInFetchOperationNotAllowed: {
    severity: E,
    category: "operations",
    description: "No `body` or `formData` parameter on a GET operation.",
  },
  ConnectionIdParameterNotAllowed: {
    severity: E,
    category: "operations",
    description: "No parameter may be named `connectionId`.",
  },
  ConsumesMissing: {
    severity: E,
    category: "operations",
    description:
      "An operation with a body or formData parameter has a `consumes` MIME type (its own or the document's).",
  },
  DuplicateEnumValuesInExtension: {
    severity: E,
    category: "operations",
    description: "`x-ms-enum-values` maps each value once.",
  },
  DuplicateOperationPath: {
    severity: E,
    category: "operations",
    description:
      "Two operations with the same method may not have indistinguishable path templates (`/a/{x}` vs `/a/{y}`).",
  },
  DynamicExtensionDefinitionNotAllowedInParameter: {
    severity: E,
    category: "operations",
    description: "Dynamic extensions belong on a body parameter's `schema`, not on the body parameter.",
  },
  DynamicListExtensionRequiredForAmbiguousReferences: {
    severity: E,
    category: "operations",
    description:
      "`x-ms-dynamic-values` referencing a name that is both a parameter and a body property needs `x-ms-dynamic-list`.",
  },
  DynamicListExtensionRequiredForNonParameterReferences: {
    severity: E,
    category: "operations",
    description:
      "`x-ms-dynamic-values` referencing a body property (not a parameter) needs `x-ms-dynamic-list`.",
  },
  DynamicPropertiesExtensionRequiredForAmbiguousReferences: {
    severity: E,
    category: "operations",
    description:
      "`x-ms-dynamic-schema` referencing a name that is both a parameter and a body property needs `x-ms-dynamic-properties`.",
  },
  DynamicPropertiesExtensionRequiredForNonParameterReferences: {
    severity: E,
    category: "operations",
    description:
      "`x-ms-dynamic-schema` referencing a body property (not a parameter) needs `x-ms-dynamic-properties`.",
  },
  DynamicPropertiesExtensionRequiredForPropertiesValuePath: {
    severity: E,
    category: "operations",
    description:
      "`x-ms-dynamic-schema` whose `value-path` ends in `properties` needs `x-ms-dynamic-properties`.",
  },
  DynamicPropertiesItemValuePathMismatch: {
    severity: W,
    category: "operations",
    description:
      "`x-ms-dynamic-properties.itemValuePath` should equal the dynamic-schema `value-path` without its `/properties` ending.",
  },
  DynamicTreeExtensionMissing: {
    severity: E,
    category: "operations",
    description: "`x-ms-dynamic-values` with `capability: file-picker` needs `x-ms-dynamic-tree`.",
  },
  InvalidEnumValue: {
    severity: E,
    category: "operations",
    description: "Each `enum` value has the schema's `type`.",
  },
  InvalidEnumValuesExtensionValue: {
    severity: E,
    category: "operations",
    description: "Each `x-ms-enum-values[].value` is one of the schema's `enum` values.",
  },
  InvalidFormDataParameterName: {
    severity: E,
    category: "operations",
    description: "formData parameter names are US-ASCII.",
  },
  InvalidNextLinkNameValue: {
    severity: E,
    category: "operations",
    description: "`x-ms-pageable.nextLinkName` is `nextLink` or `@odata.nextLink`.",
  },
  InvokedOperationShouldProduceArray: {
    severity: W,
    category: "operations",
    description:
      "The operation called by a dynamic extension should return an array at `value-collection`/`itemsPath`.",
  },
  InvokedOperationShouldProduceProperty: {
    severity: W,
    category: "operations",
    description:
      "The operation called by a dynamic extension should return the property named by `value-path`.",
  },
  MimeTypeNotCompatibleWithRequestContentSchemaType: {
    severity: E,
    category: "operations",
    description: "formData parameters need a form `consumes` type; a body parameter needs a non-form one.",
  },
  NotificationExtensionNotSupportedInWebhookOperation: {
    severity: E,
    category: "operations",
    description: "`x-ms-notification` is not allowed on a webhook operation.",
  },
  NotificationExtensionSupportedForTriggerOnly: {
    severity: E,
    category: "operations",
    description: "`x-ms-notification` only on trigger operations (`x-ms-trigger`).",
  },
  NotificationOperationMustBeWebhook: {
    severity: E,
    category: "operations",
    description: "`x-ms-notification.operationId` names a webhook operation.",
  },
  OperationFamilyHasDuplicateRevisions: {
    severity: E,
    category: "operations",
    description: "Operations of one `x-ms-api-annotation.family` have distinct revisions.",
  },
  OperationFamilyHasManyActiveOperations: {
    severity: E,
    category: "operations",
    description: "At most two non-deprecated operations per operation family.",
  },
  OperationFamilyHasManyActiveProductionOperations: {
    severity: W,
    category: "operations",
    description: "At most one non-deprecated operation per family in Production status.",
  },
  OperationFamilyHasManyEmptyRevisions: {
    severity: E,
    category: "operations",
    description: "At most one operation per family without a revision.",
  },
  OperationHasManyResponsesWithSchema: {
    severity: W,
    category: "operations",
    description: "Only one response per operation should define a schema.",
  },
  OperationIdNotFound: {
    severity: E,
    category: "operations",
    description:
      "operationIds referenced by dynamic extensions, `x-ms-notification`, `x-ms-capabilities` exist.",
  },
  OperationIdNotUnique: {
    severity: E,
    category: "operations",
    description: "operationIds are unique in the document.",
  },
  OperationIdRequired: {
    severity: E,
    category: "operations",
    description: "Every operation has a non-empty `operationId`.",
  },
  OperationIdSanitized: {
    severity: W,
    category: "operations",
    description: "operationIds use only letters, digits and `_` (the sanitized form).",
  },
  OperationIdShouldEndWithRevision: {
    severity: W,
    category: "operations",
    description: "An operation with a revision > 1 should have an id ending in `_V<revision>`.",
  },
  OperationIdTooLong: {
    severity: E,
    category: "operations",
    description:
      "operationIds are shorter than 128 characters (limit assumed; Microsoft does not publish it).",
  },
  OperationMissingPathParameter: {
    severity: E,
    category: "operations",
    description: "Every `{variable}` of the path template has an `in: path` parameter.",
  },
  OperationMissingRequiredProperty: {
    severity: E,
    category: "operations",
    description: "A dynamic call supplies every required parameter of the called operation.",
  },
  OperationMustHaveNotificationContentExtension: {
    severity: E,
    category: "operations",
    description:
      "An operation with an `x-ms-notification-url` property has `x-ms-notification-content` on its path.",
  },
  OperationMustHaveResponse: {
    severity: E,
    category: "operations",
    description: "Every operation defines at least one response.",
  },
  OperationParameterNameIsAmbiguous: {
    severity: E,
    category: "operations",
    description: "A non-body parameter name does not also name a top-level property of the body.",
  },
  OperationParameterNameNotFound: {
    severity: E,
    category: "operations",
    description: "Parameters passed by a dynamic call exist in the called operation.",
  },
  OperationParameterRequiredMismatch: {
    severity: E,
    category: "operations",
    description: "A required parameter of a called operation is not fed from an optional parameter.",
  },
  OperationParametersAreNotUnique: {
    severity: E,
    category: "operations",
    description: "The same parameter `$ref` is not listed twice in one parameter list.",
  },
  OperationParametersContainDuplicateParameter: {
    severity: E,
    category: "operations",
    description: "No two operation parameters share name and location.",
  },
  OperationParametersContainMultipleBodyParameters: {
    severity: E,
    category: "operations",
    description: "At most one `body` parameter per operation.",
  },
  OperationParameterStaticTypeMismatch: {
    severity: E,
    category: "operations",
    description: "A literal passed by a dynamic call has the called parameter's type.",
  },
  OperationParameterTypeMismatch: {
    severity: E,
    category: "operations",
    description: "A parameter reference passed by a dynamic call has the called parameter's type.",
  },
  OperationPathContainsUnsupportedCharacters: {
    severity: E,
    category: "operations",
    description: "Paths do not contain the wildcard `*`.",
  },
  OperationPathMayNotContainQueryOrFragment: {
    severity: E,
    category: "operations",
    description: "Paths do not contain `?` or `#`.",
  },
  OperationPathMustStartWithSlash: {
    severity: E,
    category: "operations",
    description: "Paths start with `/`.",
  },
  OperationPathTemplateNotValid: {
    severity: E,
    category: "operations",
    description: "Each `{variable}` sits within one segment; no stray `{` or `}`.",
  },
  OperationPathVariablesContainDefaults: {
    severity: E,
    category: "operations",
    description: "Path template variables carry no `=default`.",
  },
  OperationRevisionEmpty: {
    severity: E,
    category: "operations",
    description: "An operation in a family with several operations specifies a revision.",
  },
  OperationSchemaCountExceedsMaxAllowed: {
    severity: E,
    category: "operations",
    description: "At most 16,384 schemas per operation (with `$ref`s expanded).",
  },
  OperationShouldHaveSuccessfulResponse: {
    severity: W,
    category: "operations",
    description: "Every operation should have a 2xx response.",
  },
  OperationStatusAheadOfConnector: {
    severity: E,
    category: "operations",
    description: "An operation is not in Production status while the connector is in Preview.",
  },
  OperationSummaryTooLong: {
    severity: W,
    category: "operations",
    description: "Operation `summary` should be fewer than 120 characters.",
  },
  PartialDuplicateOperationPath: {
    severity: W,
    category: "operations",
    description:
      "Path templates that differ only where one has a variable and the other a static segment can mis-route.",
  },
  PathParameterMustBeRequired: {
    severity: E,
    category: "operations",
    description: "`in: path` parameters have `required: true`.",
  },
  PathParameterNotDefinedInTemplate: {
    severity: E,
    category: "operations",
    description: "Every `in: path` parameter appears as `{name}` in the path template.",
  },
  PathParametersContainDuplicateParameter: {
    severity: E,
    category: "operations",
    description: "No two path-item parameters share name and location.",
  },
  PathParametersContainMultipleBodyParameters: {
    severity: E,
    category: "operations",
    description: "At most one `body` parameter on a path item.",
  },
  PathRedefined: {
    severity: E,
    category: "operations",
    description: "Paths are unique when compared case-insensitively.",
  },
  RestrictedCharactersInSummary: {
    severity: E,
    category: "operations",
    description: "Operation summaries contain none of `/ \\ < > { } [ ] | * ;` or line breaks.",
    certificationOnly: true,
  },
  SelectedItemValuePathNotAllowedInThisPosition: {
    severity: E,
    category: "operations",
    description: "`selectedItemValuePath` only inside `x-ms-dynamic-tree.browse` parameters.",
  },
  StringBinaryNotSupportedForFormUrlEncoded: {
    severity: E,
    category: "operations",
    description:
      "No string/binary or file parameter in an `application/x-www-form-urlencoded`-only operation.",
  },
  TotalOperationsCountExceedsMaxAllowed: {
    severity: E,
    category: "operations",
    description: "At most 256 operations per connector.",
  },
  UnrecognizedTypeFormat: {
    severity: E,
    category: "operations",
    description: "`type` is a Swagger 2.0 type and `format` one the platform knows.",
  },
  WebhookOperationsMissingNotificationUrlProperty: {
    severity: E,
    category: "operations",
    description:
      "A webhook trigger (path with `x-ms-notification-content`) has a body property with `x-ms-notification-url: true`.",
  },
  // ── Arrays ──────────────────────────────────────────────────────────────────
  ArrayHasNoItems: {
    severity: E,
    category: "arrays",
    description: "`type: array` schemas and parameters define `items`.",
  },
  RequiredPropertyArrayEmpty: {
    severity: E,
    category: "arrays",
    description: "A `required` array is not empty.",
  },
  SchemesArrayEmpty: {
    severity: E,
    category: "arrays",
    description: "`schemes`, when present, is not empty.",
  },
  // ── Not supported ───────────────────────────────────────────────────────────
  CollectionFormatValueNotSupported: {
    severity: E,
    category: "not-supported",
    description: "`collectionFormat` is csv, ssv, tsv, pipes (or multi on query/formData).",
  },
  MimeTypeNotSupported: {
    severity: E,
    category: "not-supported",
    description: "`consumes` types are ones the platform can send (JSON, text, XML, forms, octet-stream).",
  },
  PathItemRefNotSuppored: {
    severity: E,
    category: "not-supported",
    description: "A path item has no `$ref`.",
  },
  SwaggerKeywordNotSupported: {
    severity: E,
    category: "not-supported",
    description:
      "Schemas do not use `oneOf`, `anyOf`, `not`, `nullable`, `const`, `$schema`, `patternProperties`, …",
  },
  // ── Parameters ──────────────────────────────────────────────────────────────
  FileParameterMustBeInFormData: {
    severity: E,
    category: "parameters",
    description: "`type: file` parameters are `in: formData`.",
  },
  ParameterListContainsFormDataAndBody: {
    severity: E,
    category: "parameters",
    description: "An operation has body or formData parameters, not both.",
  },
  ParameterReferenceNotFound: {
    severity: E,
    category: "parameters",
    description: "Parameter `$ref`s resolve to an entry of `#/parameters`.",
  },
  ParameterReferenceNotValid: {
    severity: E,
    category: "parameters",
    description: "Parameter `$ref`s have the form `#/parameters/<name>`.",
  },
  ParameterRefLoopNotAllowed: {
    severity: E,
    category: "parameters",
    description: "An entry of `#/parameters` is not itself a `$ref`.",
  },
  ParamtersWithSameNameMustHaveSameTypeAndVisibility: {
    severity: E,
    category: "parameters",
    description:
      "Same-named parameters of a fetch trigger and its `x-ms-notification` subscribe operation share type and visibility.",
  },
  PathParameterMissingEncoding: {
    severity: W,
    category: "parameters",
    description: "Path parameters should say `x-ms-url-encoding` (`single`).",
  },
  QueryParameterEncodingNotSupported: {
    severity: E,
    category: "parameters",
    description: "Query parameters do not set `x-ms-url-encoding` other than `single`.",
  },
  ResponseRefLoopNotAllowed: {
    severity: E,
    category: "parameters",
    description: "An entry of `#/responses` is not itself a `$ref`.",
  },
  SourcePropertyInternal: {
    severity: E,
    category: "parameters",
    description:
      "A dynamic call does not feed a parameter from an internal parameter of a visible operation.",
  },
  // ── Properties ──────────────────────────────────────────────────────────────
  AdditionalPropertyNotAllowed: {
    severity: E,
    category: "properties",
    description: "No unknown `x-ms-*` keys (e.g. misspelled `x-ms-visibilty`).",
  },
  AdditionalPropertyNotAllowedAdjacentToRef: {
    severity: E,
    category: "properties",
    description: "An object with `$ref` has no other keys.",
  },
  BasePathNotValid: { severity: E, category: "properties", description: "`basePath` starts with `/`." },
  BodyParameterPropertyNotValid: {
    severity: E,
    category: "properties",
    description: "A body parameter uses `schema`, not `type`/`format`/`items`/…",
  },
  ConnectorMetadataPropertiesMissing: {
    severity: E,
    category: "properties",
    description: "`x-ms-connector-metadata` has Website, Privacy policy and Categories.",
    certificationOnly: true,
  },
  ContactEmailNotValid: {
    severity: E,
    category: "properties",
    description: "`info.contact.email` is a valid ASCII email address.",
  },
  DefaultValueMustMatchType: {
    severity: E,
    category: "properties",
    description: "`default` has the declared `type`.",
  },
  EnumMustContainAtLeastOneElement: {
    severity: E,
    category: "properties",
    description: "`enum` is not empty.",
  },
  ExtensionNameNotValid: {
    severity: E,
    category: "properties",
    description: "Unknown keys on Swagger objects start with `x-`.",
  },
  FilterFunctionsPropertyEmpty: {
    severity: E,
    category: "properties",
    description: "`x-ms-capabilities.filterFunctions` on a schema is not empty.",
  },
  FilterFunctionsPropertyHasDuplicates: {
    severity: E,
    category: "properties",
    description: "`x-ms-capabilities.filterFunctions` has no duplicates.",
  },
  FilterFunctionsPropertyInInputSchema: {
    severity: E,
    category: "properties",
    description: "`filterFunctions` only in response schemas.",
  },
  FilterFunctionsPropertyInvalidValue: {
    severity: E,
    category: "properties",
    description: "`filterFunctions` values are OData filter functions/operators.",
  },
  HostNameNotValid: {
    severity: E,
    category: "properties",
    description: "`host` is host[:port], without scheme, path or `{}` templates.",
  },
  InternalPropertyWithDefaultOptional: {
    severity: W,
    category: "properties",
    description: "An internal schema property with a default should be required.",
  },
  InvalidConnectorCategory: {
    severity: E,
    category: "properties",
    description: "Categories come from Microsoft's published list.",
    certificationOnly: true,
  },
  InvalidStringBinaryProperty: {
    severity: E,
    category: "properties",
    description: "string/binary only at the top of a body/formData parameter or response.",
  },
  JsonTypeIncorrect: {
    severity: E,
    category: "properties",
    description: "Well-known Swagger and x-ms fields have the JSON type the specification gives them.",
  },
  JsonValueNotInEnum: {
    severity: E,
    category: "properties",
    description:
      "Enumerated fields (`in`, `x-ms-visibility`, `x-ms-trigger`, security `type`, …) hold allowed values.",
  },
  MimeTypeNotValid: {
    severity: E,
    category: "properties",
    description: "MIME types are syntactically valid `type/subtype`.",
  },
  MissingEnumValuesDisplayName: {
    severity: E,
    category: "properties",
    description: "Each `x-ms-enum-values` entry has a `displayName`.",
  },
  MultipleOfMustBeGreaterThanZero: { severity: E, category: "properties", description: "`multipleOf` > 0." },
  OneOfPropertiesRequired: {
    severity: E,
    category: "properties",
    description: "`x-ms-dynamic-values` names an `operationId`, `builtInOperation` or `capability`.",
  },
  ProductionStatusOnBetaService: {
    severity: E,
    category: "properties",
    description: "A connector in Production status does not point at a beta host/basePath.",
  },
  PropertyMustBeRequired: {
    severity: E,
    category: "properties",
    description:
      "An internal parameter with a default is required (optional internal parameters are ignored).",
  },
  RequiredPropertyDefinitionMissing: {
    severity: E,
    category: "properties",
    description: "Names listed in `required` are defined in `properties`.",
  },
  RequiredPropertyMissing: {
    severity: E,
    category: "properties",
    description:
      "Properties the specification requires are present (`info.title`, parameter `name`, response `description`, …).",
  },
  RequiredPropertyNotOnObject: {
    severity: E,
    category: "properties",
    description: "`required` (array) only on object schemas.",
  },
  RequiredReadOnlyPropertyNotAllowedAsInput: {
    severity: E,
    category: "properties",
    description: "An input property is not both `readOnly` and required.",
  },
  SchemeNotValid: { severity: E, category: "properties", description: "`schemes` contains only http/https." },
  SecuritySchemePropertyNotValid: {
    severity: E,
    category: "properties",
    description: "A security definition has only the properties of its type.",
  },
  SecuritySchemePropertyRequired: {
    severity: E,
    category: "properties",
    description: "A security definition has the properties its type requires.",
  },
  SpecificationVersionIncorrect: {
    severity: E,
    category: "properties",
    description: '`swagger` is the string "2.0".',
  },
  TagRedefined: { severity: E, category: "properties", description: "Top-level `tags` names are unique." },
  TooManyConnectorCategories: {
    severity: E,
    category: "properties",
    description: "At most two connector categories.",
    certificationOnly: true,
  },
  UrlNotValid: {
    severity: E,
    category: "properties",
    description:
      "URLs (contact, license, externalDocs, Website, Privacy policy, OAuth URLs) are absolute http(s).",
  },
  // ── Response ────────────────────────────────────────────────────────────────
  BodyParameterSchemaRequired: {
    severity: E,
    category: "response",
    description: "A body parameter has a `schema`.",
  },
  BodySchemaCountExceedsMaxAllowed: {
    severity: E,
    category: "response",
    description: "At most 512 schemas in one body (with `$ref`s expanded).",
  },
  DefaultResponseHasSchema: {
    severity: W,
    category: "response",
    description: "The `default` response should not define a schema.",
  },
  InvalidCustomEditorExtensionDictionaryValue: {
    severity: E,
    category: "response",
    description: "`x-ms-editor: dictionary` only on object schemas allowing additional properties.",
  },
  JsonPointerNotValid: {
    severity: E,
    category: "response",
    description: "`$ref` values are local RFC 6901 JSON pointers (`#/…`, valid `~` escapes).",
  },
  NonBodyParameterSchemaNotValid: {
    severity: E,
    category: "response",
    description: "Only body parameters have `schema`.",
  },
  RequiredLoopInSchemaNotAllowed: {
    severity: E,
    category: "response",
    description: "No cycle of `$ref`s made only of required properties.",
  },
  ResponseExampleMustBeProducedByOperation: {
    severity: E,
    category: "response",
    description: "Response `examples` keys are MIME types the operation produces.",
  },
  ResponseHeadersAreNotUnique: {
    severity: E,
    category: "response",
    description: "Response header names are unique case-insensitively.",
  },
  ResponseMustBeDefaultOrHttpStatusCode: {
    severity: E,
    category: "response",
    description: "Response keys are `default` or 100–599 status codes.",
  },
  ResponseReferenceNotFound: {
    severity: E,
    category: "response",
    description: "Response `$ref`s resolve to an entry of `#/responses`.",
  },
  ResponseReferenceNotValid: {
    severity: E,
    category: "response",
    description: "Response `$ref`s have the form `#/responses/<name>`.",
  },
  SchemaDefinitionSetIncorrectly: {
    severity: W,
    category: "response",
    description:
      "A visible operation should have an output schema on 200/201 (or, for a webhook, in `x-ms-notification-content`).",
  },
  SchemaReferenceNotFound: {
    severity: E,
    category: "response",
    description: "Schema `$ref`s resolve to an entry of `#/definitions`.",
  },
  SchemaReferenceNotValid: {
    severity: E,
    category: "response",
    description: "Schema `$ref`s have the form `#/definitions/<name>`.",
  },
  SchemaRefLoopNotAllowed: {
    severity: E,
    category: "response",
    description: "An entry of `#/definitions` is not itself a bare `$ref`.",
  },
  SchemaTooDeep: {
    severity: E,
    category: "response",
    description:
      "Schemas nest at most 64 levels, `$ref`s included (limit assumed; Microsoft does not publish it).",
  },
  SchemaTypeFileNotValid: {
    severity: E,
    category: "response",
    description: "`type: file` only on formData parameters and root response schemas.",
  },
  SchemeNotSupported: { severity: E, category: "response", description: "No `ws`/`wss` schemes." },
  TotalSchemaCountExceedsMaxAllowed: {
    severity: E,
    category: "response",
    description: "At most 256 × 16,384 schemas in the document.",
  },
  // ── Security ────────────────────────────────────────────────────────────────
  OAuthSecurityRequirementValueMustBeScopeName: {
    severity: E,
    category: "security",
    description: "OAuth security requirements list scopes defined by the scheme.",
  },
  SecurityRequirementMustBeDefined: {
    severity: E,
    category: "security",
    description: "Security requirements name a `securityDefinitions` entry.",
  },
  SecurityRequirementMustHaveEmptyValue: {
    severity: E,
    category: "security",
    description: "Non-OAuth security requirements have an empty scope array.",
  },
  SecurityRequirementMustHaveValue: {
    severity: E,
    category: "security",
    description: "Security requirement values are arrays (empty when no scope).",
  },
  // ── Webhooks ────────────────────────────────────────────────────────────────
  NotificationUrlNotAllowedInThisPosition: {
    severity: E,
    category: "webhooks",
    description: "`x-ms-notification-url` only inside a body parameter's schema.",
  },
  NotificationUrlNotInternal: {
    severity: E,
    category: "webhooks",
    description: "The notification URL property (or a parent) is `x-ms-visibility: internal`.",
  },
  NotificationUrlNotRequired: {
    severity: E,
    category: "webhooks",
    description: "The notification URL property is required all the way up (body parameter included).",
  },
  NotificationUrlNotString: {
    severity: E,
    category: "webhooks",
    description: "The notification URL property is `type: string`.",
  },
  // ── Metadata ────────────────────────────────────────────────────────────────
  AllowEmptyValueOnlyValidForQueryFormData: {
    severity: E,
    category: "metadata",
    description: "`allowEmptyValue` only on query/formData parameters.",
  },
  DiscriminatorMustBeARequiredStringProperty: {
    severity: E,
    category: "metadata",
    description: "`discriminator` names a required string property.",
  },
  ExclusiveMaximumRequiresMaximum: {
    severity: E,
    category: "metadata",
    description: "`exclusiveMaximum` only with `maximum`.",
  },
  ExclusiveMinimumRequiresMinimum: {
    severity: E,
    category: "metadata",
    description: "`exclusiveMinimum` only with `minimum`.",
  },
  FieldLengthExceeded: {
    severity: E,
    category: "metadata",
    description: "Title ≤ 30, summaries and `x-ms-summary` ≤ 80 characters.",
    certificationOnly: true,
  },
  FieldLengthNotInRange: {
    severity: E,
    category: "metadata",
    description: "`info.description` is 30–500 characters.",
    certificationOnly: true,
  },
  MaxItemsMustBeGreaterThanOrEqualToZero: {
    severity: E,
    category: "metadata",
    description: "`maxItems` ≥ 0.",
  },
  MaxLengthMustBeGreaterThanOrEqualToZero: {
    severity: E,
    category: "metadata",
    description: "`maxLength` ≥ 0.",
  },
  MaxPropertiesMustBeGreaterThanOrEqualToZero: {
    severity: E,
    category: "metadata",
    description: "`maxProperties` ≥ 0.",
  },
  MinimumShouldBeLessThanOrEqualToMaximum: {
    severity: W,
    category: "metadata",
    description: "`minimum` ≤ `maximum`.",
  },
  MinItemsMustBeGreaterThanOrEqualToZero: {
    severity: E,
    category: "metadata",
    description: "`minItems` ≥ 0.",
  },
  MinItemsShouldBeLessThanOrEqualToMaxItems: {
    severity: W,
    category: "metadata",
    description: "`minItems` ≤ `maxItems`.",
  },
  MinLengthMustBeGreaterThanOrEqualToZero: {
    severity: E,
    category: "metadata",
    description: "`minLength` ≥ 0.",
  },
  MinLengthShouldBeLessThanOrEqualToMaxLength: {
    severity: W,
    category: "metadata",
    description: "`minLength` ≤ `maxLength`.",
  },
  MinPropertiesMustBeGreaterThanOrEqualToZero: {
    severity: E,
    category: "metadata",
    description: "`minProperties` ≥ 0.",
  },
  PatternShouldBeValidRegularExpression: {
    severity: W,
    category: "metadata",
    description: "`pattern` compiles as a regular expression.",
  },
  RequiredValueEmpty: {
    severity: E,
    category: "metadata",
    description:
      "Required strings (`info.title`, `info.version`, parameter `name`, operationIds in extensions) are not empty.",
  },
  ValueContainsRestrictedWords: {
    severity: E,
    category: "metadata",
    description:
      'Title/description avoid "API", title avoids "Connector", texts avoid Power Platform product names.',
    certificationOnly: true,
  },
  ValueMustBeInEnglish: {
    severity: E,
    category: "metadata",
    description: "Title, description and summaries are written in English (Latin script).",
    certificationOnly: true,
  },
  ValueMustEndWithAlphanumeric: {
    severity: E,
    category: "metadata",
    description: "Title and operation summaries end with a letter, digit or `)`.",
    certificationOnly: true,
  },
  // ── connectorkit: input handling and limits ────────────────────────────────
  JsonSyntaxError: {
    severity: E,
    category: "input",
    source: "connectorkit",
    description: "The file is not valid JSON (reported with line and column).",
  },
  JsonCommentFound: {
    severity: W,
    category: "input",
    source: "connectorkit",
    description: "The file contains comments (JSONC); the platform expects plain JSON.",
  },
  JsonTrailingCommaFound: {
    severity: W,
    category: "input",
    source: "connectorkit",
    description: "The file contains trailing commas; the platform expects plain JSON.",
  },
  JsonByteOrderMarkFound: {
    severity: W,
    category: "input",
    source: "connectorkit",
    description: "The file starts with a UTF-8 byte order mark.",
  },
  DocumentNotObject: {
    severity: E,
    category: "input",
    source: "connectorkit",
    description: "The file's top level is a JSON object.",
  },
  DocumentTooDeep: {
    severity: E,
    category: "input",
    source: "connectorkit",
    description: "The file nests at most 512 levels (guards the validator's stack).",
  },
  DefinitionSizeExceedsMaxAllowed: {
    severity: E,
    category: "input",
    source: "connectorkit",
    description: "The swagger file is smaller than 1 MB.",
  },
  ValidatorInternalError: {
    severity: E,
    category: "input",
    source: "connectorkit",
    description: "A check failed unexpectedly on this input (the other checks still ran).",
  },
  // ── connectorkit: apiProperties.json ───────────────────────────────────────
  ApiPropertiesPropertiesMissing: {
    severity: E,
    category: "api-properties",
    source: "connectorkit",
    description: "apiProperties.json has a top-level `properties` object.",
  },
  ApiPropertiesIconBrandColorInvalid: {
    severity: E,
    category: "api-properties",
    source: "connectorkit",
    description: "`iconBrandColor` is present and a `#rrggbb` colour.",
  },
  ApiPropertiesIconBrandColorNotAllowed: {
    severity: E,
    category: "api-properties",
    source: "connectorkit",
    description: "Certified connectors do not use `#ffffff` or the default `#007ee5`.",
    certificationOnly: true,
  },
  ApiPropertiesIndependentPublisherColor: {
    severity: E,
    category: "api-properties",
    source: "connectorkit",
    description: "Independent-publisher connectors use `iconBrandColor: #da3b01`.",
  },
  ApiPropertiesConstraintNotString: {
    severity: E,
    category: "api-properties",
    source: "connectorkit",
    description: '`uiDefinition.constraints.required`/`hidden` are the strings "true"/"false".',
  },
  ApiPropertiesClientSecretPresent: {
    severity: E,
    category: "api-properties",
    source: "connectorkit",
    description: "No `oAuthSettings.clientSecret` is committed (paconn injects it).",
  },
  ApiPropertiesPublisherMissing: {
    severity: E,
    category: "api-properties",
    source: "connectorkit",
    description: "`publisher` and `stackOwner` are set.",
    certificationOnly: true,
  },
  ApiPropertiesUnknownOperation: {
    severity: W,
    category: "api-properties",
    source: "connectorkit",
    description:
      "`scriptOperations` and policy `x-ms-apimTemplate-operationName` name operations of the swagger.",
  },
} as const satisfies Record<string, RuleSpec>;

/**
 * A rule id the validator can report.
 *
 * @example
 * ```ts
 * const id: RuleId = "OperationIdRequired";
 * ```
 */
export type RuleId = keyof typeof RULE_TABLE;

/**
 * Every rule the validator implements, in catalogue order: `{ id, severity, category, description, source,
 * certificationOnly }`. Use it to document or enumerate the rules.
 *
 * @example
 * ```ts
 * import { VALIDATOR_RULES } from "@connectorkit/sdk";
 * const microsoftIds = VALIDATOR_RULES.filter((r) => r.source === "microsoft").map((r) => r.id);
 * ```
 */
export const VALIDATOR_RULES: readonly ValidatorRule[] = Object.freeze(
  Object.entries(RULE_TABLE).map(([id, spec]: [string, RuleSpec]) =>
    Object.freeze({
      id,
      severity: spec.severity,
      category: spec.category,
      description: spec.description,
      source: spec.source ?? "microsoft",
      certificationOnly: spec.certificationOnly ?? false,
    }),
  ),
);
