import { describe, expect, it } from "vitest";
import { validApiProperties, validSwagger } from "./__fixtures__/valid-connector";
import { type RuleId, VALIDATOR_RULES } from "./rules";
import type { ConnectorInput } from "./types";
import { type ValidateConnectorRunOptions, validateConnector } from "./validate-connector";

type Doc = any;

interface RuleCase {
  /** Breaks the clean swagger. */
  swagger?: (d: Doc) => void;
  /** Breaks the clean apiProperties. */
  props?: (p: Doc) => void;
  /** Replaces the whole input. */
  input?: () => ConnectorInput;
  options?: ValidateConnectorRunOptions;
}

const list = (d: Doc) => d.paths["/tickets"].get;
const create = (d: Doc) => d.paths["/tickets"].post;
const getOne = (d: Doc) => d.paths["/tickets/{id}"].get;
const hook = (d: Doc) => d.paths["/hooks"].post;
const del = (d: Doc) => d.paths["/hooks/{hookId}"].delete;
const dv = (d: Doc) => getOne(d).parameters[1]["x-ms-dynamic-values"];
const ticketProps = (d: Doc) => d.definitions.Ticket.properties;
const mini = (operationId: string, parameters: unknown[] = []) => ({
  operationId,
  summary: "Do something",
  description: "Does something.",
  parameters,
  responses: { "200": { description: "OK" } },
});
const upload = (d: Doc, consumes: string, name = "file") => {
  d.paths["/upload"] = {
    post: {
      ...mini("Upload", [{ name, in: "formData", type: "file", required: true }]),
      consumes: [consumes],
    },
  };
};
const family = (d: Doc, annotations: Array<Record<string, unknown>>) => {
  [list(d), getOne(d), create(d)].forEach((op, i) => {
    const a = annotations[i];
    if (a !== undefined) op["x-ms-api-annotation"] = a;
  });
};
const cert: ValidateConnectorRunOptions = { certification: true };
const raw =
  (swagger: string): (() => ConnectorInput) =>
  () => ({ swagger });

/** One case per rule id: it must make exactly that rule fire (possibly among others). */
const cases: Record<RuleId, RuleCase> = {
  ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations: {
    swagger: (d) => {
      list(d)["x-ms-api-annotation"] = { replacement: { api: "x", operationId: "Y" } };
    },
  },
  ApiAnnotationExtensionReplacementInfoMissingApiProperty: {
    swagger: (d) => {
      list(d).deprecated = true;
      list(d)["x-ms-api-annotation"] = { replacement: { operationId: "Y" } };
    },
  },
  ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty: {
    swagger: (d) => {
      list(d).deprecated = true;
      list(d)["x-ms-api-annotation"] = { replacement: { api: "x" } };
    },
  },
  ArrayDuplicateValue: {
    swagger: (d) => {
      d.schemes = ["https", "https"];
    },
  },
  BodyOrFormDataParameterInFetchOperationNotAllowed: {
    swagger: (d) => {
      list(d).parameters.push({ name: "b", in: "body", schema: { type: "object" } });
    },
  },
  ConnectionIdParameterNotAllowed: {
    swagger: (d) => {
      list(d).parameters[0].name = "connectionId";
    },
  },
  ConsumesMissing: {
    swagger: (d) => {
      delete d.consumes;
    },
  },
  DuplicateEnumValuesInExtension: {
    swagger: (d) => {
      list(d).parameters[0]["x-ms-enum-values"].push({ value: "open", displayName: "Again" });
    },
  },
  DuplicateOperationPath: {
    swagger: (d) => {
      d.paths["/hooks/{other}"] = {
        delete: mini("DeleteOther", [
          { name: "other", in: "path", type: "string", required: true, "x-ms-url-encoding": "single" },
        ]),
      };
    },
  },
  DynamicExtensionDefinitionNotAllowedInParameter: {
    swagger: (d) => {
      create(d).parameters[0]["x-ms-dynamic-values"] = { operationId: "ListTickets" };
    },
  },
  DynamicListExtensionRequiredForAmbiguousReferences: {
    swagger: (d) => {
      create(d).parameters.push({
        name: "title",
        in: "query",
        type: "string",
        "x-ms-dynamic-values": { operationId: "GetTicket", parameters: { id: { parameter: "title" } } },
      });
    },
  },
  DynamicListExtensionRequiredForNonParameterReferences: {
    swagger: (d) => {
      create(d).parameters.push({
        name: "q",
        in: "query",
        type: "string",
        "x-ms-dynamic-values": { operationId: "GetTicket", parameters: { id: { parameter: "title" } } },
      });
    },
  },
  DynamicPropertiesExtensionRequiredForAmbiguousReferences: {
    swagger: (d) => {
      create(d).parameters.push({
        name: "title",
        in: "query",
        type: "string",
        "x-ms-dynamic-schema": { operationId: "GetTicket", parameters: { id: { parameter: "title" } } },
      });
    },
  },
  DynamicPropertiesExtensionRequiredForNonParameterReferences: {
    swagger: (d) => {
      create(d).parameters.push({
        name: "q",
        in: "query",
        type: "string",
        "x-ms-dynamic-schema": { operationId: "GetTicket", parameters: { id: { parameter: "title" } } },
      });
    },
  },
  DynamicPropertiesExtensionRequiredForPropertiesValuePath: {
    swagger: (d) => {
      d.definitions.Ticket["x-ms-dynamic-schema"] = {
        operationId: "ListTickets",
        "value-path": "schema/properties",
      };
    },
  },
  DynamicPropertiesItemValuePathMismatch: {
    swagger: (d) => {
      d.definitions.Ticket["x-ms-dynamic-schema"] = {
        operationId: "ListTickets",
        "value-path": "schema/properties",
      };
      d.definitions.Ticket["x-ms-dynamic-properties"] = {
        operationId: "ListTickets",
        itemValuePath: "other",
      };
    },
  },
  DynamicTreeExtensionMissing: {
    swagger: (d) => {
      list(d).parameters[0]["x-ms-dynamic-values"] = { capability: "file-picker" };
    },
  },
  InvalidEnumValue: {
    swagger: (d) => {
      list(d).parameters[0].enum = ["open", "closed", 5];
    },
  },
  InvalidEnumValuesExtensionValue: {
    swagger: (d) => {
      list(d).parameters[0]["x-ms-enum-values"][1].value = "zzz";
    },
  },
  InvalidFormDataParameterName: { swagger: (d) => upload(d, "multipart/form-data", "fïle") },
  InvalidNextLinkNameValue: {
    swagger: (d) => {
      list(d)["x-ms-pageable"] = { nextLinkName: "next" };
    },
  },
  InvokedOperationShouldProduceArray: {
    swagger: (d) => {
      dv(d).operationId = "CreateTicket";
    },
  },
  InvokedOperationShouldProduceProperty: {
    swagger: (d) => {
      dv(d)["value-path"] = "nope";
    },
  },
  MimeTypeNotCompatibleWithRequestContentSchemaType: {
    swagger: (d) => {
      create(d).consumes = ["multipart/form-data"];
    },
  },
  NotificationExtensionNotSupportedInWebhookOperation: {
    swagger: (d) => {
      hook(d)["x-ms-notification"] = { operationId: "OnTicketCreated" };
    },
  },
  NotificationExtensionSupportedForTriggerOnly: {
    swagger: (d) => {
      list(d)["x-ms-notification"] = { operationId: "OnTicketCreated" };
    },
  },
  NotificationOperationMustBeWebhook: {
    swagger: (d) => {
      list(d)["x-ms-trigger"] = "batch";
      list(d)["x-ms-notification"] = { operationId: "GetTicket" };
    },
  },
  OperationFamilyHasDuplicateRevisions: {
    swagger: (d) =>
      family(d, [
        { family: "F", revision: 1 },
        { family: "F", revision: 1 },
      ]),
  },
  OperationFamilyHasManyActiveOperations: {
    swagger: (d) =>
      family(d, [
        { family: "F", revision: 1 },
        { family: "F", revision: 2 },
        { family: "F", revision: 3 },
      ]),
  },
  OperationFamilyHasManyActiveProductionOperations: {
    swagger: (d) => {
      d.info["x-ms-api-annotation"] = { status: "Production" };
      family(d, [
        { family: "F", revision: 1, status: "Production" },
        { family: "F", revision: 2, status: "Production" },
      ]);
    },
  },
  OperationFamilyHasManyEmptyRevisions: { swagger: (d) => family(d, [{ family: "F" }, { family: "F" }]) },
  OperationHasManyResponsesWithSchema: {
    swagger: (d) => {
      list(d).responses["404"] = { description: "x", schema: { type: "object" } };
    },
  },
  OperationIdNotFound: {
    swagger: (d) => {
      dv(d).operationId = "Nope";
    },
  },
  OperationIdNotUnique: {
    swagger: (d) => {
      getOne(d).operationId = "CreateTicket";
    },
  },
  OperationIdRequired: {
    swagger: (d) => {
      delete del(d).operationId;
    },
  },
  OperationIdSanitized: {
    swagger: (d) => {
      del(d).operationId = "Delete-Hook";
    },
  },
  OperationIdShouldEndWithRevision: {
    swagger: (d) => {
      list(d)["x-ms-api-annotation"] = { revision: 2 };
    },
  },
  OperationIdTooLong: {
    swagger: (d) => {
      del(d).operationId = "A".repeat(130);
    },
  },
  OperationMissingPathParameter: {
    swagger: (d) => {
      getOne(d).parameters.shift();
    },
  },
  OperationMissingRequiredProperty: {
    swagger: (d) => {
      dv(d).operationId = "GetTicket";
    },
  },
  OperationMustHaveNotificationContentExtension: {
    swagger: (d) => {
      delete d.paths["/hooks"]["x-ms-notification-content"];
    },
  },
  OperationMustHaveResponse: {
    swagger: (d) => {
      list(d).responses = {};
    },
  },
  OperationParameterNameIsAmbiguous: {
    swagger: (d) => {
      create(d).parameters.push({ name: "title", in: "query", type: "string" });
    },
  },
  OperationParameterNameNotFound: {
    swagger: (d) => {
      dv(d).parameters = { nope: "x" };
    },
  },
  OperationParameterRequiredMismatch: {
    swagger: (d) => {
      getOne(d).parameters[1]["x-ms-dynamic-values"] = {
        operationId: "DeleteHook",
        parameters: { hookId: { parameter: "category" } },
      };
    },
  },
  OperationParametersAreNotUnique: {
    swagger: (d) => {
      getOne(d).parameters.push({ $ref: "#/parameters/TicketId" });
    },
  },
  OperationParametersContainDuplicateParameter: {
    swagger: (d) => {
      list(d).parameters.push({ name: "status", in: "query", type: "string" });
    },
  },
  OperationParametersContainMultipleBodyParameters: {
    swagger: (d) => {
      create(d).parameters.push({ name: "b2", in: "body", schema: { type: "object" } });
    },
  },
  OperationParameterStaticTypeMismatch: {
    swagger: (d) => {
      getOne(d).parameters[1]["x-ms-dynamic-values"] = { operationId: "GetTicket", parameters: { id: 5 } };
    },
  },
  OperationParameterTypeMismatch: {
    swagger: (d) => {
      getOne(d).parameters.push({ name: "n", in: "query", type: "integer", required: true });
      getOne(d).parameters[1]["x-ms-dynamic-values"] = {
        operationId: "DeleteHook",
        parameters: { hookId: { parameter: "n" } },
      };
    },
  },
  OperationPathContainsUnsupportedCharacters: {
    swagger: (d) => {
      d.paths["/tickets/*"] = { put: mini("PutAll") };
    },
  },
  OperationPathMayNotContainQueryOrFragment: {
    swagger: (d) => {
      d.paths["/tickets?x=1"] = { put: mini("PutQuery") };
    },
  },
  OperationPathMustStartWithSlash: {
    swagger: (d) => {
      d.paths["tickets2"] = { put: mini("PutRelative") };
    },
  },
  OperationPathTemplateNotValid: {
    swagger: (d) => {
      d.paths["/tickets/{a"] = { put: mini("PutBroken") };
    },
  },
  OperationPathVariablesContainDefaults: {
    swagger: (d) => {
      d.paths["/things/{a=1}"] = { put: mini("PutDefault") };
    },
  },
  OperationRevisionEmpty: { swagger: (d) => family(d, [{ family: "F", revision: 1 }, { family: "F" }]) },
  OperationSchemaCountExceedsMaxAllowed: { options: { limits: { maxOperationSchemas: 2 } } },
  OperationShouldHaveSuccessfulResponse: {
    swagger: (d) => {
      list(d).responses = { default: { description: "Error" } };
    },
  },
  OperationStatusAheadOfConnector: {
    swagger: (d) => {
      list(d)["x-ms-api-annotation"] = { status: "Production" };
    },
  },
  OperationSummaryTooLong: {
    swagger: (d) => {
      list(d).summary = "a".repeat(130);
    },
  },
  PartialDuplicateOperationPath: {
    swagger: (d) => {
      d.paths["/tickets/search"] = { get: mini("SearchTickets") };
    },
  },
  PathParameterMustBeRequired: {
    swagger: (d) => {
      del(d).parameters[0].required = false;
    },
  },
  PathParameterNotDefinedInTemplate: {
    swagger: (d) => {
      list(d).parameters.push({
        name: "x",
        in: "path",
        type: "string",
        required: true,
        "x-ms-url-encoding": "single",
      });
    },
  },
  PathParametersContainDuplicateParameter: {
    swagger: (d) => {
      d.paths["/hooks/{hookId}"].parameters = [
        { name: "q", in: "query", type: "string" },
        { name: "q", in: "query", type: "string" },
      ];
    },
  },
  PathParametersContainMultipleBodyParameters: {
    swagger: (d) => {
      d.paths["/hooks/{hookId}"].parameters = [
        { name: "a", in: "body", schema: { type: "object" } },
        { name: "b", in: "body", schema: { type: "object" } },
      ];
    },
  },
  PathRedefined: {
    swagger: (d) => {
      d.paths["/Tickets"] = { put: mini("PutTickets") };
    },
  },
  RestrictedCharactersInSummary: {
    swagger: (d) => {
      list(d).summary = "List / tickets";
    },
    options: cert,
  },
  SelectedItemValuePathNotAllowedInThisPosition: {
    swagger: (d) => {
      dv(d).parameters = { x: { selectedItemValuePath: "a" } };
    },
  },
  StringBinaryNotSupportedForFormUrlEncoded: {
    swagger: (d) => upload(d, "application/x-www-form-urlencoded"),
  },
  TotalOperationsCountExceedsMaxAllowed: { options: { limits: { maxOperations: 2 } } },
  UnrecognizedTypeFormat: {
    swagger: (d) => {
      ticketProps(d).id.format = "guid";
    },
  },
  WebhookOperationsMissingNotificationUrlProperty: {
    swagger: (d) => {
      delete hook(d).parameters[0].schema.properties.callbackUrl["x-ms-notification-url"];
    },
  },
  ArrayHasNoItems: {
    swagger: (d) => {
      ticketProps(d).tags = { type: "array" };
    },
  },
  RequiredPropertyArrayEmpty: {
    swagger: (d) => {
      d.definitions.NewTicket.required = [];
    },
  },
  SchemesArrayEmpty: {
    swagger: (d) => {
      d.schemes = [];
    },
  },
  CollectionFormatValueNotSupported: {
    swagger: (d) => {
      list(d).parameters.push({
        name: "ids",
        in: "query",
        type: "array",
        items: { type: "string" },
        collectionFormat: "weird",
      });
    },
  },
  MimeTypeNotSupported: {
    swagger: (d) => {
      d.consumes = ["application/json", "image/png"];
    },
  },
  PathItemRefNotSuppored: {
    swagger: (d) => {
      d.paths["/alias"] = { $ref: "#/paths/~1tickets" };
    },
  },
  SwaggerKeywordNotSupported: {
    swagger: (d) => {
      ticketProps(d).title.nullable = true;
    },
  },
  FileParameterMustBeInFormData: {
    swagger: (d) => {
      list(d).parameters.push({ name: "f", in: "query", type: "file" });
    },
  },
  ParameterListContainsFormDataAndBody: {
    swagger: (d) => {
      create(d).parameters.push({ name: "f", in: "formData", type: "string" });
    },
  },
  ParameterReferenceNotFound: {
    swagger: (d) => {
      getOne(d).parameters[0] = { $ref: "#/parameters/Nope" };
    },
  },
  ParameterReferenceNotValid: {
    swagger: (d) => {
      getOne(d).parameters[0] = { $ref: "#/definitions/Ticket" };
    },
  },
  ParameterRefLoopNotAllowed: {
    swagger: (d) => {
      d.parameters.Other = { $ref: "#/parameters/TicketId" };
    },
  },
  ParamtersWithSameNameMustHaveSameTypeAndVisibility: {
    swagger: (d) => {
      list(d)["x-ms-trigger"] = "batch";
      list(d)["x-ms-notification"] = { operationId: "OnTicketCreated" };
      list(d).parameters.push({ name: "body", in: "query", type: "string" });
    },
  },
  PathParameterMissingEncoding: {
    swagger: (d) => {
      delete del(d).parameters[0]["x-ms-url-encoding"];
    },
  },
  QueryParameterEncodingNotSupported: {
    swagger: (d) => {
      list(d).parameters[0]["x-ms-url-encoding"] = "double";
    },
  },
  ResponseRefLoopNotAllowed: {
    swagger: (d) => {
      d.responses = { A: { description: "a" }, B: { $ref: "#/responses/A" } };
    },
  },
  SourcePropertyInternal: {
    swagger: (d) => {
      getOne(d).parameters.push({
        name: "secret",
        in: "query",
        type: "string",
        required: true,
        default: "s",
        "x-ms-visibility": "internal",
      });
      getOne(d).parameters[1]["x-ms-dynamic-values"] = {
        operationId: "DeleteHook",
        parameters: { hookId: { parameter: "secret" } },
      };
    },
  },
  AdditionalPropertyNotAllowed: {
    swagger: (d) => {
      list(d)["x-ms-visibilty"] = "advanced";
    },
  },
  AdditionalPropertyNotAllowedAdjacentToRef: {
    swagger: (d) => {
      create(d).parameters[0].schema.description = "x";
    },
  },
  BasePathNotValid: {
    swagger: (d) => {
      d.basePath = "v1";
    },
  },
  BodyParameterPropertyNotValid: {
    swagger: (d) => {
      create(d).parameters[0].type = "object";
    },
  },
  ConnectorMetadataPropertiesMissing: {
    swagger: (d) => {
      d["x-ms-connector-metadata"].pop();
    },
    options: cert,
  },
  ContactEmailNotValid: {
    swagger: (d) => {
      d.info.contact.email = "not an email";
    },
  },
  DefaultValueMustMatchType: {
    swagger: (d) => {
      list(d).parameters[0].default = 5;
    },
  },
  EnumMustContainAtLeastOneElement: {
    swagger: (d) => {
      list(d).parameters[0].enum = [];
      delete list(d).parameters[0]["x-ms-enum-values"];
    },
  },
  ExtensionNameNotValid: {
    swagger: (d) => {
      list(d).foo = 1;
    },
  },
  FilterFunctionsPropertyEmpty: {
    swagger: (d) => {
      ticketProps(d).title["x-ms-capabilities"] = { filterFunctions: [] };
    },
  },
  FilterFunctionsPropertyHasDuplicates: {
    swagger: (d) => {
      ticketProps(d).title["x-ms-capabilities"] = { filterFunctions: ["eq", "eq"] };
    },
  },
  FilterFunctionsPropertyInInputSchema: {
    swagger: (d) => {
      d.definitions.NewTicket.properties.title["x-ms-capabilities"] = { filterFunctions: ["eq"] };
    },
  },
  FilterFunctionsPropertyInvalidValue: {
    swagger: (d) => {
      ticketProps(d).title["x-ms-capabilities"] = { filterFunctions: ["explode"] };
    },
  },
  HostNameNotValid: {
    swagger: (d) => {
      d.host = "https://api.contoso.com";
    },
  },
  InternalPropertyWithDefaultOptional: {
    swagger: (d) => {
      d.definitions.NewTicket.properties.source = {
        type: "string",
        default: "web",
        "x-ms-visibility": "internal",
      };
    },
  },
  InvalidConnectorCategory: {
    swagger: (d) => {
      d["x-ms-connector-metadata"][2].propertyValue = "Productivity;Gaming";
    },
    options: cert,
  },
  InvalidStringBinaryProperty: {
    swagger: (d) => {
      d.definitions.NewTicket.properties.file = { type: "string", format: "binary" };
    },
  },
  JsonTypeIncorrect: {
    swagger: (d) => {
      d.info.title = 5;
    },
  },
  JsonValueNotInEnum: {
    swagger: (d) => {
      list(d)["x-ms-visibility"] = "hidden";
    },
  },
  MimeTypeNotValid: {
    swagger: (d) => {
      d.produces = ["json"];
    },
  },
  MissingEnumValuesDisplayName: {
    swagger: (d) => {
      delete list(d).parameters[0]["x-ms-enum-values"][0].displayName;
    },
  },
  MultipleOfMustBeGreaterThanZero: {
    swagger: (d) => {
      ticketProps(d).n = { type: "number", multipleOf: 0 };
    },
  },
  OneOfPropertiesRequired: {
    swagger: (d) => {
      getOne(d).parameters[1]["x-ms-dynamic-values"] = { "value-path": "id" };
    },
  },
  ProductionStatusOnBetaService: {
    swagger: (d) => {
      d.info["x-ms-api-annotation"] = { status: "Production" };
      d.host = "beta.contoso.com";
    },
  },
  PropertyMustBeRequired: {
    swagger: (d) => {
      list(d).parameters[0]["x-ms-visibility"] = "internal";
      list(d).parameters[0].default = "open";
    },
  },
  RequiredPropertyDefinitionMissing: {
    swagger: (d) => {
      d.definitions.NewTicket.required = ["title", "nope"];
    },
  },
  RequiredPropertyMissing: {
    swagger: (d) => {
      delete d.info.version;
    },
  },
  RequiredPropertyNotOnObject: {
    swagger: (d) => {
      ticketProps(d).title.required = ["x"];
    },
  },
  RequiredReadOnlyPropertyNotAllowedAsInput: {
    swagger: (d) => {
      d.definitions.NewTicket.properties.title.readOnly = true;
    },
  },
  SchemeNotValid: {
    swagger: (d) => {
      d.schemes = ["ftp"];
    },
  },
  SecuritySchemePropertyNotValid: {
    swagger: (d) => {
      d.securityDefinitions.api_key.flow = "implicit";
    },
  },
  SecuritySchemePropertyRequired: {
    swagger: (d) => {
      delete d.securityDefinitions.api_key.name;
    },
  },
  SpecificationVersionIncorrect: {
    swagger: (d) => {
      d.swagger = "3.0";
    },
  },
  TagRedefined: {
    swagger: (d) => {
      d.tags = [{ name: "a" }, { name: "a" }];
    },
  },
  TooManyConnectorCategories: {
    swagger: (d) => {
      d["x-ms-connector-metadata"][2].propertyValue = "AI;Data;Finance";
    },
    options: cert,
  },
  UrlNotValid: {
    swagger: (d) => {
      d.info.contact.url = "contoso";
    },
  },
  BodyParameterSchemaRequired: {
    swagger: (d) => {
      delete create(d).parameters[0].schema;
    },
  },
  BodySchemaCountExceedsMaxAllowed: { options: { limits: { maxBodySchemas: 1 } } },
  DefaultResponseHasSchema: {
    swagger: (d) => {
      list(d).responses.default.schema = { type: "object" };
    },
  },
  InvalidCustomEditorExtensionDictionaryValue: {
    swagger: (d) => {
      ticketProps(d).title["x-ms-editor"] = "dictionary";
    },
  },
  JsonPointerNotValid: {
    swagger: (d) => {
      ticketProps(d).other = { $ref: "other.json#/A" };
    },
  },
  NonBodyParameterSchemaNotValid: {
    swagger: (d) => {
      list(d).parameters[0].schema = { type: "string" };
    },
  },
  RequiredLoopInSchemaNotAllowed: {
    swagger: (d) => {
      d.definitions.A = { type: "object", required: ["b"], properties: { b: { $ref: "#/definitions/B" } } };
      d.definitions.B = { type: "object", required: ["a"], properties: { a: { $ref: "#/definitions/A" } } };
    },
  },
  ResponseExampleMustBeProducedByOperation: {
    swagger: (d) => {
      list(d).responses["200"].examples = { "application/xml": "<x/>" };
    },
  },
  ResponseHeadersAreNotUnique: {
    swagger: (d) => {
      list(d).responses["200"].headers = { "X-A": { type: "string" }, "x-a": { type: "string" } };
    },
  },
  ResponseMustBeDefaultOrHttpStatusCode: {
    swagger: (d) => {
      list(d).responses["2xx"] = { description: "x" };
    },
  },
  ResponseReferenceNotFound: {
    swagger: (d) => {
      list(d).responses["404"] = { $ref: "#/responses/Nope" };
    },
  },
  ResponseReferenceNotValid: {
    swagger: (d) => {
      list(d).responses["404"] = { $ref: "#/definitions/Ticket" };
    },
  },
  SchemaDefinitionSetIncorrectly: {
    swagger: (d) => {
      list(d)["x-ms-trigger"] = "batch";
      delete list(d).responses["200"].schema;
    },
  },
  SchemaReferenceNotFound: {
    swagger: (d) => {
      ticketProps(d).other = { $ref: "#/definitions/Nope" };
    },
  },
  SchemaReferenceNotValid: {
    swagger: (d) => {
      ticketProps(d).other = { $ref: "#/parameters/TicketId" };
    },
  },
  SchemaRefLoopNotAllowed: {
    swagger: (d) => {
      d.definitions.Alias = { $ref: "#/definitions/Ticket" };
    },
  },
  SchemaTooDeep: { options: { limits: { maxSchemaDepth: 1 } } },
  SchemaTypeFileNotValid: {
    swagger: (d) => {
      ticketProps(d).f = { type: "file" };
    },
  },
  SchemeNotSupported: {
    swagger: (d) => {
      d.schemes = ["wss"];
    },
  },
  TotalSchemaCountExceedsMaxAllowed: { options: { limits: { maxTotalSchemas: 3 } } },
  OAuthSecurityRequirementValueMustBeScopeName: {
    swagger: (d) => {
      d.securityDefinitions.oauth = {
        type: "oauth2",
        flow: "accessCode",
        authorizationUrl: "https://login.contoso.com/a",
        tokenUrl: "https://login.contoso.com/t",
        scopes: { read: "Read" },
      };
      d.security = [{ oauth: ["write"] }];
    },
  },
  SecurityRequirementMustBeDefined: {
    swagger: (d) => {
      d.security = [{ nope: [] }];
    },
  },
  SecurityRequirementMustHaveEmptyValue: {
    swagger: (d) => {
      d.security = [{ api_key: ["x"] }];
    },
  },
  SecurityRequirementMustHaveValue: {
    swagger: (d) => {
      d.security = [{ api_key: null }];
    },
  },
  NotificationUrlNotAllowedInThisPosition: {
    swagger: (d) => {
      ticketProps(d).cb = { type: "string", "x-ms-notification-url": true };
    },
  },
  NotificationUrlNotInternal: {
    swagger: (d) => {
      delete hook(d).parameters[0].schema.properties.callbackUrl["x-ms-visibility"];
    },
  },
  NotificationUrlNotRequired: {
    swagger: (d) => {
      delete hook(d).parameters[0].schema.required;
    },
  },
  NotificationUrlNotString: {
    swagger: (d) => {
      hook(d).parameters[0].schema.properties.callbackUrl.type = "object";
    },
  },
  AllowEmptyValueOnlyValidForQueryFormData: {
    swagger: (d) => {
      del(d).parameters[0].allowEmptyValue = true;
    },
  },
  DiscriminatorMustBeARequiredStringProperty: {
    swagger: (d) => {
      d.definitions.Ticket.discriminator = "title";
    },
  },
  ExclusiveMaximumRequiresMaximum: {
    swagger: (d) => {
      ticketProps(d).n = { type: "number", exclusiveMaximum: true };
    },
  },
  ExclusiveMinimumRequiresMinimum: {
    swagger: (d) => {
      ticketProps(d).n = { type: "number", exclusiveMinimum: true };
    },
  },
  FieldLengthExceeded: {
    swagger: (d) => {
      d.info.title = "Contoso Tickets Management Suite Online";
    },
    options: cert,
  },
  FieldLengthNotInRange: {
    swagger: (d) => {
      d.info.description = "Too short.";
    },
    options: cert,
  },
  MaxItemsMustBeGreaterThanOrEqualToZero: {
    swagger: (d) => {
      ticketProps(d).l = { type: "array", items: { type: "string" }, maxItems: -1 };
    },
  },
  MaxLengthMustBeGreaterThanOrEqualToZero: {
    swagger: (d) => {
      ticketProps(d).title.maxLength = -1;
    },
  },
  MaxPropertiesMustBeGreaterThanOrEqualToZero: {
    swagger: (d) => {
      d.definitions.Ticket.maxProperties = -1;
    },
  },
  MinimumShouldBeLessThanOrEqualToMaximum: {
    swagger: (d) => {
      ticketProps(d).n = { type: "number", minimum: 5, maximum: 1 };
    },
  },
  MinItemsMustBeGreaterThanOrEqualToZero: {
    swagger: (d) => {
      ticketProps(d).l = { type: "array", items: { type: "string" }, minItems: -1 };
    },
  },
  MinItemsShouldBeLessThanOrEqualToMaxItems: {
    swagger: (d) => {
      ticketProps(d).l = { type: "array", items: { type: "string" }, minItems: 3, maxItems: 1 };
    },
  },
  MinLengthMustBeGreaterThanOrEqualToZero: {
    swagger: (d) => {
      ticketProps(d).title.minLength = -1;
    },
  },
  MinLengthShouldBeLessThanOrEqualToMaxLength: {
    swagger: (d) => {
      ticketProps(d).title.minLength = 300;
    },
  },
  MinPropertiesMustBeGreaterThanOrEqualToZero: {
    swagger: (d) => {
      d.definitions.Ticket.minProperties = -1;
    },
  },
  PatternShouldBeValidRegularExpression: {
    swagger: (d) => {
      ticketProps(d).title.pattern = "(";
    },
  },
  RequiredValueEmpty: {
    swagger: (d) => {
      d.info.title = "";
    },
  },
  ValueContainsRestrictedWords: {
    swagger: (d) => {
      d.info.title = "Contoso API";
    },
    options: cert,
  },
  ValueMustBeInEnglish: {
    swagger: (d) => {
      d.info.description = "Управление заявками в службе поддержки Contoso.";
    },
    options: cert,
  },
  ValueMustEndWithAlphanumeric: {
    swagger: (d) => {
      list(d).summary = "List tickets.";
    },
    options: cert,
  },
  // connectorkit rules
  JsonSyntaxError: { input: raw('{ "swagger": "2.0", ') },
  JsonCommentFound: { input: () => ({ swagger: `// draft\n${JSON.stringify(validSwagger())}` }) },
  JsonTrailingCommaFound: { input: () => ({ swagger: JSON.stringify(validSwagger()).replace(/}$/, ",}") }) },
  JsonByteOrderMarkFound: { input: () => ({ swagger: `\uFEFF${JSON.stringify(validSwagger())}` }) },
  DocumentNotObject: { input: raw("[1, 2]") },
  DocumentTooDeep: { input: raw(`${"[".repeat(600)}${"]".repeat(600)}`) },
  DefinitionSizeExceedsMaxAllowed: { options: { limits: { maxDefinitionBytes: 100 } } },
  ValidatorInternalError: {
    swagger: (d) => {
      Object.defineProperty(d, "paths", {
        enumerable: true,
        get() {
          throw new Error("boom");
        },
      });
    },
  },
  ApiPropertiesPropertiesMissing: {
    props: (p) => {
      delete p.properties;
    },
  },
  ApiPropertiesIconBrandColorInvalid: {
    props: (p) => {
      p.properties.iconBrandColor = "blue";
    },
  },
  ApiPropertiesIconBrandColorNotAllowed: {
    props: (p) => {
      p.properties.iconBrandColor = "#007ee5";
    },
    options: cert,
  },
  ApiPropertiesIndependentPublisherColor: { options: { independentPublisher: true } },
  ApiPropertiesConstraintNotString: {
    props: (p) => {
      p.properties.connectionParameters.api_key.uiDefinition.constraints.required = true;
    },
  },
  ApiPropertiesClientSecretPresent: {
    props: (p) => {
      p.properties.connectionParameters.token = {
        type: "oauthSetting",
        oAuthSettings: { identityProvider: "oauth2", clientId: "id", clientSecret: "s3cret" },
      };
    },
  },
  ApiPropertiesPublisherMissing: {
    props: (p) => {
      delete p.properties.stackOwner;
    },
    options: cert,
  },
  ApiPropertiesUnknownOperation: {
    props: (p) => {
      p.properties.scriptOperations = ["Nope"];
    },
  },
};

function run(c: RuleCase) {
  if (c.input) return validateConnector(c.input(), c.options);
  const swagger = validSwagger();
  const apiProperties = validApiProperties();
  c.swagger?.(swagger);
  c.props?.(apiProperties);
  return validateConnector({ swagger, apiProperties }, c.options);
}

describe("rule catalogue", () => {
  it("has a test case for every rule in VALIDATOR_RULES, and no case for an unknown rule", () => {
    const ids = VALIDATOR_RULES.map((r) => r.id).sort();
    expect(Object.keys(cases).sort()).toEqual(ids);
  });

  it("implements at least 100 of Microsoft's rule ids", () => {
    expect(VALIDATOR_RULES.filter((r) => r.source === "microsoft").length).toBeGreaterThanOrEqual(100);
  });
});

describe("the clean fixture", () => {
  it("passes every rule, certification and independent-publisher colour aside", () => {
    const result = validateConnector(
      { swagger: validSwagger(), apiProperties: validApiProperties() },
      { certification: true },
    );
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ errorCount: 0, warningCount: 0, truncated: false });
  });

  it("passes when given as text too (line/column support does not add problems)", () => {
    const result = validateConnector(
      {
        swagger: JSON.stringify(validSwagger(), null, 2),
        apiProperties: JSON.stringify(validApiProperties()),
      },
      { certification: true },
    );
    expect(result.problems).toEqual([]);
  });
});

describe.each(Object.entries(cases))("%s", (ruleId, c) => {
  it("fires on a document that breaks it", () => {
    const result = run(c);
    const hits = result.problems.filter((p) => p.ruleId === ruleId);
    expect(hits.length, JSON.stringify(result.problems.map((p) => p.ruleId))).toBeGreaterThan(0);
    const rule = VALIDATOR_RULES.find((r) => r.id === ruleId);
    for (const hit of hits) {
      expect(hit.severity).toBe(rule?.severity);
      expect(hit.message.length).toBeGreaterThan(10);
      expect(hit.pointer === "" || hit.pointer.startsWith("/")).toBe(true);
    }
  });
});
