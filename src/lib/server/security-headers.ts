/**
 * Headers on every response Tautoko sends, pages and API alike. hooks.server.ts sets them on
 * what SvelteKit answers; the direct API path (direct-api.ts) sets them on what it answers.
 */
export function securityHeaders(pathname: string, https: boolean): Record<string, string> {
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		'x-frame-options': 'DENY',
		// No other site's window keeps a handle on ours, and no page may ask for the camera,
		// microphone or location: Tautoko never needs them.
		'cross-origin-opener-policy': 'same-origin',
		'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
	};
	// Pages with a person's data must not be kept by a browser or proxy cache; the app's own
	// hashed scripts and styles may be.
	if (!pathname.startsWith('/_app/')) headers['cache-control'] = 'no-store';
	// Over https (ORIGIN says so), browsers must never fall back to plain http for two years.
	if (https) headers['strict-transport-security'] = 'max-age=63072000; includeSubDomains';
	return headers;
}
