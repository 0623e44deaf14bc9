import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@iys/platform/building-blocks';
import { formatLogRecord, IysHttpException } from '@iys/platform/nest';

import { registryErrorLines, renderTable } from './cli-output.js';

describe('CLI output', () => {
  it('aligns table columns, Turkish letters included, and shows null as -', () => {
    expect(renderTable(['iysCode', 'title'], [[700001, 'Örnek Ş.'], [null, 'Bir başka unvan']])).toEqual([
      'iysCode  title',
      '700001   Örnek Ş.',
      '-        Bir başka unvan',
    ]);
  });

  it('turns the registry\'s refusals into `error H…` lines and leaves other errors alone', () => {
    expect(registryErrorLines(new DomainError('H615', 'Başvuru bu işlem için uygun durumda değildir.'))).toEqual(['error H615: Başvuru bu işlem için uygun durumda değildir.']);
    expect(registryErrorLines(new IysHttpException(422, [{ code: 'H610', message: 'a' }, { code: 'H611', message: 'b' }]))).toEqual(['error H610: a', 'error H611: b']);
    expect(registryErrorLines(new Error('connection refused'))).toBeUndefined();
  });

  it('prints log records for people, not as JSON', () => {
    const line = formatLogRecord(JSON.stringify({ level: 40, time: 1, pid: 2, hostname: 'h', name: 'iys-cli', context: 'bootstrap-admin', username: 'admin', msg: 'created' }));
    expect(line).toBe('warn: [bootstrap-admin] created (username=admin)');
  });
});
