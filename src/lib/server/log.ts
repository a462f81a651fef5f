import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Passwords, tokens, cookies and case content never belong in a log line;
 * redaction is the second line of defence behind simply not logging them.
 */
export function createLogger(level: string): Logger {
	return pino({
		level,
		base: { app: 'tautoko' },
		redact: {
			paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'headers.cookie', 'body', '*.body'],
			censor: '[redacted]'
		}
	});
}
