import { describe, expect, it } from 'vitest';
import { describeDatabase, readConfig } from './config';

describe('configuration from the environment', () => {
	it('has safe defaults for a first start', () => {
		const config = readConfig({});
		expect(config).toMatchObject({
			databasePath: 'data/tautoko.db',
			demoData: true,
			initialAdmin: null,
			session: { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 },
			sqliteSynchronous: 'normal',
			postgres: null
		});
	});

	it('runs on PostgreSQL when DATABASE_URL is set, with a pool and a statement timeout', () => {
		const url = 'postgres://tautoko:s3cret@db.internal:5432/tautoko';
		expect(readConfig({ DATABASE_URL: url }).postgres).toEqual({ url, poolSize: 10, statementTimeoutMs: 30_000 });
		expect(readConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '25', DATABASE_STATEMENT_TIMEOUT_MS: '5000' }).postgres).toEqual({ url, poolSize: 25, statementTimeoutMs: 5000 });
		expect(describeDatabase(readConfig({ DATABASE_URL: url }))).toBe('PostgreSQL db.internal:5432/tautoko');
		expect(describeDatabase(readConfig({}))).toBe('data/tautoko.db');
	});

	it('refuses a DATABASE_URL it cannot use, without repeating the password', () => {
		for (const url of ['mysql://u:s3cret@db/tautoko', 'postgres://u:s3cret@db', 'db.internal:5432', '']) {
			let message = '';
			try {
				readConfig({ DATABASE_URL: url });
			} catch (error) {
				message = (error as Error).message;
			}
			expect(message).toMatch(/DATABASE_URL must look like postgres:\/\/user:password@host:5432\/database/);
			expect(message).not.toContain('s3cret');
		}
		expect(() => readConfig({ DATABASE_URL: 'postgres://u@db/t', DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
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
