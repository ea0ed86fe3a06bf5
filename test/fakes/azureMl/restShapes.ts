import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reply } from './armConventions';

/**
 * Request bodies checked against the REST shapes of Microsoft.MachineLearningServices api-version 2026-07-01
 * (test/fixtures/azureml/rest/*.json, format `shape/1`, read from
 * `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/MachineLearningServices/stable/2026-07-01/openapi.json`
 * at Azure/azure-rest-api-specs 20273ef8cd): required properties, types (strings, integers, booleans, ISO 8601
 * durations, objects, maps, arrays), enum values, `minLength`, `pattern`, `nullable`, and discriminated subtypes
 * (`jobType`, `jobInputType`, `endpointComputeType`, `referenceType`…). Read-only properties are not checked (ARM
 * ignores them in a request), nor are properties the spec does not declare (MFE keeps no `additionalProperties: false`
 * in these definitions), nor definitions the fixtures did not record (`ProbeSettings`, `DistributionConfiguration`).
 *
 * How the service words a body that fails its spec is not in public sources: the fake answers 400 `UserError` in the
 * ARM error shape, one detail (`BadArgument`, with the property's path as target) per problem.
 */

/** The api-version the shapes were read for: bodies sent with another cannot be checked (`api-version` rule in routes.ts). */
export const SHAPES_API_VERSION = '2026-07-01';

type PropertyShape = string | { type: string; values?: string[]; nullable?: boolean; minLength?: number; pattern?: string; readOnly?: boolean };
interface Definition {
  allOf?: string[];
  required?: string[];
  discriminator?: string;
  discriminatorValue?: string;
  discriminatorValues?: string[];
  properties?: Record<string, PropertyShape>;
  type?: string;
  values?: string[];
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const SHAPES_DIR = path.join(__dirname, '../../fixtures/azureml/rest');

let definitions: Map<string, Definition> | undefined;

/** Every definition of every shape file, by name (`AssetJobInput (…)` → `AssetJobInput`). */
function allDefinitions(): Map<string, Definition> {
  if (definitions) return definitions;
  definitions = new Map();
  for (const file of readdirSync(SHAPES_DIR).filter((name) => name.endsWith('.json'))) {
    const shape = JSON.parse(readFileSync(path.join(SHAPES_DIR, file), 'utf8')) as { definitions?: Record<string, Definition> };
    for (const [name, definition] of Object.entries(shape.definitions ?? {})) definitions.set(name.split(' (')[0] ?? name, definition);
  }
  return definitions;
}

const baseName = (ref: string): string => ref.split(' (')[0] ?? ref;

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** A 400 in the ARM error shape when `body` does not have the shape of `definition`, else `undefined`. */
export function checkBody(definition: string, body: unknown): Reply | undefined {
  const problems: string[] = [];
  check(body, `ref:${definition}`, '', problems);
  if (problems.length === 0) return undefined;
  const details = problems.map((problem) => {
    const [target = '', message = problem] = problem.split(/: (.*)/s);
    return { code: 'BadArgument', target, message: `${target}: ${message}` };
  });
  const first = details[0];
  return { status: 400, body: { error: { code: 'UserError', message: `The request body does not have the ${definition} shape of api-version ${SHAPES_API_VERSION}: ${first?.message}`, target: first?.target, details } } };
}

function check(value: unknown, type: string, at: string, problems: string[]): void {
  const where = at || '(body)';
  if (type.includes('|') && !type.startsWith('map<') && !type.startsWith('array<')) {
    const options = type.split('|');
    if (value === null && options.includes('null')) return;
    return check(value, options.find((o) => o !== 'null') ?? 'any', at, problems);
  }
  const generic = /^(map|array)<(.+)>(\|null)?$/.exec(type);
  if (generic) {
    if (value === null && generic[3]) return;
    const [, kind, item = 'any'] = generic;
    if (kind === 'array') {
      if (!Array.isArray(value)) return void problems.push(`${where}: expected an array`);
      return value.forEach((entry, i) => check(entry, item, `${at}[${i}]`, problems));
    }
    if (!isJson(value)) return void problems.push(`${where}: expected an object`);
    return Object.entries(value).forEach(([key, entry]) => check(entry, item.startsWith('ref:') || !allDefinitions().has(item) ? item : `ref:${item}`, `${at}.${key}`, problems));
  }
  if (type.startsWith('ref:')) return checkDefinition(value, baseName(type.slice(4)), at, problems);
  if (allDefinitions().has(type)) return checkDefinition(value, type, at, problems);
  const problem = scalarProblem(value, type);
  if (problem) problems.push(`${where}: ${problem}`);
}

function scalarProblem(value: unknown, type: string): string | undefined {
  switch (type) {
    case 'string':
    case 'string:uri':
    case 'string:uuid':
    case 'string:date-time':
    case 'string:password':
      return typeof value === 'string' ? undefined : `expected a string, got ${JSON.stringify(value)}`;
    case 'string:duration':
      return typeof value === 'string' && DURATION.test(value) ? undefined : `${JSON.stringify(value)} is not an ISO 8601 duration (e.g. PT60S)`;
    case 'int32':
    case 'int64':
      return Number.isInteger(value) ? undefined : `expected an integer, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}`;
    case 'object':
      return isJson(value) ? undefined : 'expected an object';
    default:
      return undefined; // `any`, or a type the fixtures leave open
  }
}

/** A definition's own properties and those of the definitions it extends (`allOf`, possibly in another file). */
function lineage(name: string): Definition[] {
  const definition = allDefinitions().get(name);
  if (!definition) return [];
  return [...(definition.allOf ?? []).flatMap((parent) => lineage(baseName(parent))), definition];
}

function checkDefinition(value: unknown, name: string, at: string, problems: string[]): void {
  const own = allDefinitions().get(name);
  if (!own) return; // not recorded in the fixtures: not checked
  const where = at || '(body)';
  if (own.type === 'enum') {
    if (!own.values?.includes(String(value))) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${own.values?.join(', ')}`);
    return;
  }
  if (!isJson(value)) return void problems.push(`${where}: expected an object`);
  const chain = [...lineage(name), ...subtypeOf(name, value)];
  for (const definition of chain) {
    for (const required of definition.required ?? []) {
      if (value[required] === undefined || value[required] === null) problems.push(`${at ? `${at}.` : ''}${required}: is required`);
    }
    for (const [property, shape] of Object.entries(definition.properties ?? {})) {
      if (value[property] === undefined) continue;
      checkProperty(value[property], shape, `${at ? `${at}.` : ''}${property}`, problems);
    }
  }
}

/** The subtype a discriminated object names (`jobType: Pipeline` → `PipelineJob`), with its own ancestors. */
function subtypeOf(name: string, value: Json): Definition[] {
  const discriminator = lineage(name).find((d) => d.discriminator)?.discriminator;
  if (!discriminator || typeof value[discriminator] !== 'string') return [];
  const tag = value[discriminator];
  for (const [candidate, definition] of allDefinitions()) {
    if (candidate === name || !(definition.allOf ?? []).map(baseName).includes(name)) continue;
    if (definition.discriminatorValue === tag || definition.discriminatorValues?.includes(tag)) return [definition, ...subtypeOf(candidate, value)];
  }
  return [];
}

function checkProperty(value: unknown, shape: PropertyShape, at: string, problems: string[]): void {
  if (typeof shape === 'string') return check(value, shape, at, problems);
  if (shape.readOnly) return;
  if (value === null) {
    if (!shape.nullable) problems.push(`${at}: may not be null`);
    return;
  }
  if (shape.type === 'enum') {
    if (!shape.values?.includes(String(value))) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${shape.values?.join(', ')}`);
    return;
  }
  check(value, shape.type, at, problems);
  if (typeof value === 'string') {
    if (shape.minLength !== undefined && value.length < shape.minLength) problems.push(`${at}: is shorter than ${shape.minLength}`);
    if (shape.pattern && !new RegExp(shape.pattern).test(value)) problems.push(`${at}: does not match ${shape.pattern}`);
  }
}
