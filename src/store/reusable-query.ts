import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Where a parameter of the compiled query takes its value from: an argument, or one property of an object argument. */
interface Source {
  readonly argument: number;
  readonly property?: string;
}

interface Compiled<Row> {
  readonly query: CompiledQuery<Row>;
  /** For each parameter of the compiled query, in order, where its value comes from. */
  readonly sources: readonly Source[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A query built and compiled once per database (or transaction), then run with new values: building and compiling a
 * Kysely query costs more than SQLite takes to run a small one, which counts on the paths every request takes. `build`
 * receives placeholders shaped like the values the returned function is later called with: each argument, or each
 * property of an object argument (which must then have the same properties on every call, e.g. a row to insert).
 *
 * @example
 *   const byHash = reusableQuery((db: Kysely<Database>, hash: string) => db.selectFrom('t').selectAll().where('h', '=', hash));
 *   const { rows } = await byHash(db, secretHash(value));
 */
export function reusableQuery<DB, Row, Values extends readonly unknown[]>(
  build: (db: Kysely<DB>, ...placeholders: Values) => Compilable<Row>,
): (db: Kysely<DB>, ...values: Values) => Promise<QueryResult<Row>> {
  const cache = new WeakMap<Kysely<DB>, Compiled<Row>>();

  function compile(db: Kysely<DB>, values: Values): Compiled<Row> {
    const bySentinel = new Map<string, Source>();
    const sentinel = (source: Source) => {
      const text = `\u0000placeholder ${source.argument} ${source.property ?? ''}`;
      bySentinel.set(text, source);
      return text;
    };
    const placeholders = values.map((value, argument) =>
      isRecord(value)
        ? Object.fromEntries(Object.keys(value).map((property) => [property, sentinel({ argument, property })]))
        : sentinel({ argument }),
    );
    const query = build(db, ...(placeholders as unknown as Values)).compile();
    const sources = query.parameters.map((parameter) => {
      const source = bySentinel.get(parameter as string);
      if (!source) throw new Error('A reusable query takes all its values from its placeholders.');
      return source;
    });
    return { query, sources };
  }

  return async (db, ...values) => {
    let compiled = cache.get(db);
    if (!compiled) {
      compiled = compile(db, values);
      cache.set(db, compiled);
    }
    const parameters = compiled.sources.map(({ argument, property }) =>
      property === undefined ? values[argument] : (values[argument] as Record<string, unknown>)[property],
    );
    return db.executeQuery({ ...compiled.query, parameters });
  };
}
