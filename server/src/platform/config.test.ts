import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
      role: 'all',
      defaultLocale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      loginMaxFailures: 5,
      sessionTtlHours: 12,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });

  it('refuses bad values, naming each variable', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', AFTERCARE_ROLE: 'boss', AFTERCARE_ADMIN_PASSWORD: 'short' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', AFTERCARE_ROLE: 'boss' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/AFTERCARE_ROLE/);
    }
  });
});
