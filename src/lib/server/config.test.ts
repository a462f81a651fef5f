import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('configuration from the environment', () => {
	it('has safe defaults for a first start', () => {
		const config = readConfig({});
		expect(config).toMatchObject({
			databasePath: 'data/tautoko.db',
			demoData: true,
			initialAdmin: null,
			session: { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 },
			sqliteSynchronous: 'normal'
		});
	});

	it('reads a production setting', () => {
		const config = readConfig({
			DEMO_DATA: 'false',
			ADMIN_EMAIL: 'ops@lmg.example.nz',
			ADMIN_PASSWORD: 'a-long-admin-password',
			SESSION_IDLE_MINUTES: '15',
			SESSION_ABSOLUTE_MINUTES: '480',
			SQLITE_SYNCHRONOUS: 'full'
		});
		expect(config.demoData).toBe(false);
		expect(config.initialAdmin).toEqual({ email: 'ops@lmg.example.nz', password: 'a-long-admin-password' });
		expect(config.session).toEqual({ idleMs: 15 * 60_000, absoluteMs: 480 * 60_000 });
		expect(config.sqliteSynchronous).toBe('full');
	});

	it('refuses to start on a setting it cannot use, naming it', () => {
		expect(() => readConfig({ SESSION_IDLE_MINUTES: 'soon' })).toThrow(/SESSION_IDLE_MINUTES/);
		expect(() => readConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
		expect(() => readConfig({ ADMIN_EMAIL: 'ops@lmg.example.nz' })).toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD together/);
		expect(() => readConfig({ ADMIN_EMAIL: 'ops@lmg.example.nz', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
	});
});
