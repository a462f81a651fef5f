import { hash, verify } from '@node-rs/argon2';

/** How passwords are hashed and checked; injectable so tests can count the work done. */
export interface PasswordHasher {
	hash(password: string): Promise<string>;
	verify(passwordHash: string, password: string): Promise<boolean>;
}

/**
 * argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB of memory, 2 passes,
 * one lane. About 10 ms per check on the reference machine — which is why login is throttled
 * before any hashing.
 */
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const argon2Hasher: PasswordHasher = {
	hash: (password) => hash(password, argon2Options),
	async verify(passwordHash, password) {
		try {
			return await verify(passwordHash, password);
		} catch {
			return false;
		}
	}
};

export const PASSWORD_MIN_LENGTH = 12;
