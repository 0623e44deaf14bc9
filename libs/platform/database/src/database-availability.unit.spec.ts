import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from './database-availability.js';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['the server shutting down (57P01 admin_shutdown)', withCode('57P01')],
    ['a connection failure (08006)', withCode('08006')],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['a broken pooled client', new Error('Client has encountered a connection error and is not queryable')],
    ['a pool checkout timing out', new Error('timeout exceeded when trying to connect')],
    ['a wrapped driver error (TypeORM)', Object.assign(new Error('query failed'), { driverError: withCode('57P01') })],
    ['a cause', new Error('outer', { cause: withCode('ECONNRESET') })],
    ['several addresses refused', new AggregateError([withCode('ECONNREFUSED')], 'all failed')],
  ])('%s is unavailability', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a cancelled statement (57014)', withCode('57014')],
    ['a plain bug', new TypeError('undefined is not a function')],
    ['nothing', undefined],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
