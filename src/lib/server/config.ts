import { z } from 'zod';

/**
 * Every setting Tautoko reads from its environment, validated once. The README documents each.
 * Server code reads settings only through here, so a typo in a variable fails at start, loudly.
 */
const booleanFlag = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const minutes = z.coerce.number().int().positive();

/** postgres://user:password@host:5432/database — checked here, and never echoed back (it holds a password). */
const postgresUrl = z.string().refine(
	(value) => {
		try {
			const url = new URL(value);
			return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
		} catch {
			return false;
		}
	},
	{ message: 'DATABASE_URL must look like postgres://user:password@host:5432/database' }
);

const environmentSchema = z.object({
	DATABASE_PATH: z.string().min(1).default('data/tautoko.db'),
	DATABASE_URL: postgresUrl.optional(),
	DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
	DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
	DEMO_DATA: booleanFlag.default(true),
	ADMIN_EMAIL: z.email().optional(),
	ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
	SESSION_IDLE_MINUTES: minutes.default(30),
	SESSION_ABSOLUTE_MINUTES: minutes.default(12 * 60),
	SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
});

export type Config = {
	/** SQLite's file; used when `postgres` is null. */
	databasePath: string;
	/** Set by DATABASE_URL: the app then runs on PostgreSQL and DATABASE_PATH is not used. */
	postgres: { url: string; poolSize: number; statementTimeoutMs: number } | null;
	demoData: boolean;
	initialAdmin: { email: string; password: string } | null;
	session: { idleMs: number; absoluteMs: number };
	sqliteSynchronous: 'normal' | 'full';
	logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
};

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	const parsed = environmentSchema.safeParse(env);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		throw new Error(`Tautoko cannot start; fix these settings:\n  ${problems.join('\n  ')}`);
	}
	const e = parsed.data;
	if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
		throw new Error('Tautoko cannot start: set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither.');
	}
	return {
		databasePath: e.DATABASE_PATH,
		postgres: e.DATABASE_URL ? { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS } : null,
		demoData: e.DEMO_DATA,
		initialAdmin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
		session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000 },
		sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
		logLevel: e.LOG_LEVEL
	};
}

/** Where the data lives, for messages and logs: the PostgreSQL URL without its user and password. */
export function describeDatabase(config: Config): string {
	if (!config.postgres) return config.databasePath;
	const url = new URL(config.postgres.url);
	return `PostgreSQL ${url.host}${url.pathname}`;
}
