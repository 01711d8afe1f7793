import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

interface Compiled<Row> {
  readonly query: CompiledQuery<Row>;
  /** For each parameter of the compiled query, the index of the value `run` takes for it. */
  readonly positions: readonly number[];
}

/**
 * A query built and compiled once per database, then run with new values: building and compiling a Kysely query costs
 * more than SQLite takes to run a small one, which counts on a path every request takes (the token lookup). `build`
 * receives one placeholder per value, in the order the returned function later takes the values.
 *
 * @example
 *   const byHash = reusableQuery((db: Kysely<Database>, hash: string) => db.selectFrom('t').selectAll().where('h', '=', hash));
 *   const { rows } = await byHash(db, tokenHash(value));
 */
export function reusableQuery<DB, Row, Values extends readonly unknown[]>(
  build: (db: Kysely<DB>, ...placeholders: Values) => Compilable<Row>,
): (db: Kysely<DB>, ...values: Values) => Promise<QueryResult<Row>> {
  const cache = new WeakMap<Kysely<DB>, Compiled<Row>>();
  return (db, ...values) => {
    let compiled = cache.get(db);
    if (!compiled) {
      const placeholders = values.map((_, i) => `\u0000placeholder ${i}`);
      const query = build(db, ...(placeholders as unknown as Values)).compile();
      const positions = query.parameters.map((parameter) => placeholders.indexOf(parameter as string));
      if (positions.includes(-1)) throw new Error('A reusable query takes all its values as placeholders.');
      compiled = { query, positions };
      cache.set(db, compiled);
    }
    return db.executeQuery({ ...compiled.query, parameters: compiled.positions.map((i) => values[i]) });
  };
}
