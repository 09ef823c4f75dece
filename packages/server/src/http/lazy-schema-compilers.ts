import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

type SchemaControllerOptions = NonNullable<FastifyServerOptions['schemaController']>;
type CompilersFactory = NonNullable<SchemaControllerOptions['compilersFactory']>;

/** Fastify's own dependencies, resolved from Fastify's folder as Fastify itself requires them. */
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/**
 * Fastify's default JSON-schema compilers (Ajv for validation, fast-json-stringify for serialization), loaded
 * when the first route with a schema is compiled instead of when the instance is made: none of the server's own
 * routes has one (they validate with zod), so a product without schema routes never loads Ajv. Fastify loading
 * them in its constructor cost start-up ~35 ms of CPU and ~1 MB, measured by itself. The compilers are the same
 * ones, built the same way, so a product's schemas behave as they always did (`keepDefaultSchemaRules`).
 */
export function lazySchemaCompilers(): SchemaControllerOptions {
  let buildValidator: CompilersFactory['buildValidator'];
  let buildSerializer: CompilersFactory['buildSerializer'];
  return {
    compilersFactory: {
      buildValidator: (externalSchemas, ajvOptions) => {
        buildValidator ??= (
          requireFromFastify('@fastify/ajv-compiler') as () => CompilersFactory['buildValidator']
        )();
        return buildValidator!(externalSchemas, ajvOptions);
      },
      buildSerializer: (externalSchemas, serializerOptions) => {
        buildSerializer ??= (
          requireFromFastify(
            '@fastify/fast-json-stringify-compiler',
          ) as () => CompilersFactory['buildSerializer']
        )();
        return buildSerializer!(externalSchemas, serializerOptions);
      },
    },
  };
}

/**
 * Fastify marks compilers given through `schemaController` as custom ones and then leaves a route's `headers`
 * schema as written instead of lower-casing its property names (HTTP header names arrive lower-cased). Ours are
 * its defaults, so the mark is taken back on the root instance, before any plugin copies it.
 */
export function keepDefaultSchemaRules(app: FastifyInstance): void {
  const key = Object.getOwnPropertySymbols(app).find(
    (symbol) => symbol.description === 'fastify.schemaController',
  );
  const controller = key && (app as unknown as Record<symbol, SchemaControllerFlags | undefined>)[key];
  // Not there (a Fastify of another shape): serving still works, only header schemas keep their case; the
  // test of a product's header schema says so, rather than a server that refuses to start after an update.
  if (!controller || typeof controller.isCustomValidatorCompiler !== 'boolean') return;
  controller.isCustomValidatorCompiler = false;
  controller.isCustomSerializerCompiler = false;
}

interface SchemaControllerFlags {
  isCustomValidatorCompiler: boolean;
  isCustomSerializerCompiler: boolean;
}
