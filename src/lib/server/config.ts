import { z } from 'zod';

/**
 * Every setting Tautoko reads from its environment, validated once. The README documents each.
 * Server code reads settings only through here, so a typo in a variable fails at start, loudly.
 */
const booleanFlag = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const minutes = z.coerce.number().int().positive();

const environmentSchema = z.object({
	DATABASE_PATH: z.string().min(1).default('data/tautoko.db'),
	DEMO_DATA: booleanFlag.default(true),
	ADMIN_EMAIL: z.email().optional(),
	ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
	SESSION_IDLE_MINUTES: minutes.default(30),
	SESSION_ABSOLUTE_MINUTES: minutes.default(12 * 60),
	SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
});

export type Config = {
	databasePath: string;
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
		demoData: e.DEMO_DATA,
		initialAdmin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
		session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000 },
		sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
		logLevel: e.LOG_LEVEL
	};
}
