import type { Session } from '$lib/server/auth/session';
import type { Actor } from '$lib/server/domain/actor';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			user: Actor | null;
			session: Session | null;
		}
	}
}

export {};
