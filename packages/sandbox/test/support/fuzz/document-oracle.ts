/**
 * @module What the server's own OpenAPI document promises about a response: the status is one
 * it lists for the operation, and a JSON body validates against the schema it gives for that
 * status (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it, with the `date-time` format checked
 * as RFC 3339, so an extended-year date such as `+041930-05-29T…` fails).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './schema-arbitrary.js';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI form, `/v1/customers/{customerId}`. */
  path: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  security: 'bearer' | 'adminKey' | 'none';
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        responses: Operation['responses'];
        security?: Record<string, unknown>[];
      }
    >
  >;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody ? Object.values(op.requestBody.content)[0]?.schema : undefined,
      responses: op.responses,
      security: op.security?.[0] ? (Object.keys(op.security[0])[0] as 'bearer' | 'adminKey') : 'none',
    })),
  );
}

export class DocumentOracle {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  readonly #validators = new Map<object, ValidateFunction>();

  constructor() {
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.#ajv);
  }

  /** Every way the response breaks the document, empty when it keeps it. */
  problems(operation: Operation, status: number, contentType: string | null, text: string): string[] {
    const documented = operation.responses[String(status)];
    if (!documented) return [`status ${status} is not documented for ${operation.method} ${operation.path}`];
    const schema = documented.content?.['application/json']?.schema;
    if (!schema || status === 204 || text === '') return [];
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    // Another media type the document lists for this answer (an NDJSON export, say): not JSON to parse.
    if (mediaType !== 'application/json' && documented.content?.[mediaType]) return [];
    if (!contentType?.startsWith('application/json')) return [`status ${status}: content type ${contentType}`];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`status ${status}: the body is not JSON: ${text.slice(0, 200)}`];
    }
    let validate = this.#validators.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#validators.set(schema, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `status ${status}: ${e.instancePath || '/'} ${e.message ?? ''} (${JSON.stringify(e.params)})`,
    );
  }
}
