import pg from 'pg';

/**
 * The `pg` module as TypeORM's `driver` option, except that its Pool hands TypeORM the registry's
 * one pool instead of opening a second (docs/adr/0049). The pool belongs to the process that opened
 * it: TypeORM may call `end()` when its DataSource is destroyed, and that call does nothing here.
 */
export function sharedPoolDriver(pool: pg.Pool): typeof pg {
  const borrowed = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'end') {
        return (done?: (error?: Error) => void) => {
          done?.();
          return Promise.resolve();
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  function SharedPool() {
    return borrowed;
  }
  return { ...pg, Pool: SharedPool as unknown as typeof pg.Pool };
}
