/**
 * A redirect target taken from the address bar must stay on this site: only a path beginning
 * with a single "/" (not "//host" or "/\host", which browsers treat as another site).
 */
export function sameSitePath(target: string | null | undefined, fallback = '/'): string {
	return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : fallback;
}
