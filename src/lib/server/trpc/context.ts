import type { App } from '../app';
import type { Session } from '../auth/session';
import type { Actor } from '../domain/actor';

/** Sets and clears the session cookie; the transport provides it, so procedures stay free of HTTP. */
export type SessionCookies = {
	set(token: string, expiresAt: Date): void;
	clear(): void;
};

export type Context = {
	app: App;
	user: Actor | null;
	session: Session | null;
	request: { address: string; userAgent: string | null };
	cookies: SessionCookies;
};
