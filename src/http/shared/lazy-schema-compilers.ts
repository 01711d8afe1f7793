import ajvCompiler from '@fastify/ajv-compiler';
import serializerCompiler from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Compiled = ((this: unknown, ...args: unknown[]) => unknown) & { errors?: unknown };
type Build = (externalSchemas: unknown, options?: unknown) => (route: unknown) => Compiled;

/**
 * Fastify's own compilers (Ajv for what a route accepts, fast-json-stringify for what it answers), each route's schema
 * compiled on its first use instead of all of them at start: that compiling took about half of the start-up
 * (bench/RESULTS.md, "startup"), and a process serves only some of the routes. The functions behave as Fastify's.
 */
export const lazySchemaCompilers: NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']> = {
  buildValidator: lazily(ajvCompiler() as unknown as Build, true) as never,
  buildSerializer: lazily(serializerCompiler() as unknown as Build, false) as never,
};

function lazily(build: Build, validator: boolean): Build {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let compiled: Compiled | undefined;
      const lazy: Compiled = function (this: unknown, ...args: unknown[]) {
        compiled ??= compile(route);
        const result = compiled.apply(this, args);
        // Fastify reads a failed validation's errors from the function, and passes an Ajv function its parent data.
        if (validator) lazy.errors = compiled.errors;
        return result;
      };
      if (validator) Object.assign(lazy, { schemaEnv: true });
      return lazy;
    };
  };
}
