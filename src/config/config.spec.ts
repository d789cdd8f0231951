import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs with no environment at all: port 3000, embedded database in ./.data', () => {
    expect(loadConfig({}, '/srv/aduan')).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: path.resolve('/srv/aduan', '.data'),
      databasePoolSize: 10,
      logLevel: 'log',
    });
  });

  it('reads every setting', () => {
    expect(
      loadConfig({ PORT: '8080', HOST: '127.0.0.1', DATABASE_URL: 'postgres://u:p@db:5432/aduan', DATA_DIR: '/var/lib/aduan', DATABASE_POOL_SIZE: '20', LOG_LEVEL: 'debug' }, '/srv'),
    ).toEqual({ port: 8080, host: '127.0.0.1', databaseUrl: 'postgres://u:p@db:5432/aduan', dataDir: '/var/lib/aduan', databasePoolSize: 20, logLevel: 'debug' });
  });

  it('refuses bad values, naming every variable at fault', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '80a', DATABASE_URL: 'mysql://db/aduan', DATABASE_POOL_SIZE: '0', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'LOG_LEVEL']) expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it.each([
    ['PORT', '70000', /between 1 and 65535/],
    ['DATABASE_URL', 'not a url', /not a URL/],
    ['DATABASE_URL', 'postgres://db:5432', /names no database/],
  ])('explains %s=%s', (name, value, why) => {
    expect(() => loadConfig({ [name]: value })).toThrow(why);
  });
});
