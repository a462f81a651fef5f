import type { IncomingHttpHeaders } from 'node:http';

/**
 * How a request's origin and client address are read behind a proxy, as adapter-node reads
 * them for SvelteKit (its handler.js, version 5.5): ORIGIN, else PROTOCOL_HEADER, HOST_HEADER
 * and PORT_HEADER; ADDRESS_HEADER and XFF_DEPTH. The direct API path (direct-api.ts) answers
 * without SvelteKit, so it reads them here, under the same variables and with the same
 * refusals. tests/resilience/direct-api.test.ts holds the two readings to the same audit rows
 * and cookies.
 */
export type ForwardedSettings = {
	/** ORIGIN's scheme, host and port, when it is set. */
	origin: string | undefined;
	protocolHeader: string;
	hostHeader: string;
	portHeader: string;
	addressHeader: string;
	xffDepth: number;
};

export function readForwardedSettings(env: Record<string, string | undefined> = process.env): ForwardedSettings {
	return {
		origin: env.ORIGIN === undefined ? undefined : new URL(env.ORIGIN.trim()).origin,
		protocolHeader: (env.PROTOCOL_HEADER ?? '').toLowerCase(),
		hostHeader: (env.HOST_HEADER ?? '').toLowerCase(),
		portHeader: (env.PORT_HEADER ?? '').toLowerCase(),
		addressHeader: (env.ADDRESS_HEADER ?? '').toLowerCase(),
		xffDepth: parseInt(env.XFF_DEPTH ?? '1')
	};
}

/** One value of a header, or undefined; a header sent twice where one is expected is refused. */
function single(name: string, value: string | string[] | undefined): string | undefined {
	if (!name) return undefined;
	if (Array.isArray(value)) {
		if (value.length === 0) return undefined;
		if (value.length === 1) return value[0];
		throw new Error(`Multiple values provided for ${name} header where only one expected: ${value}`);
	}
	return value;
}

/** The site's origin as the browser sees it; throws (the request is then refused) where headers contradict it. */
export function requestOrigin(settings: ForwardedSettings, headers: IncomingHttpHeaders): string {
	if (settings.origin) return settings.origin;
	const protocol = decodeURIComponent(single(settings.protocolHeader, headers[settings.protocolHeader]) || 'https');
	// A protocol header carrying a ':' could smuggle in a host.
	if (protocol.includes(':')) throw new Error(`The ${settings.protocolHeader} header specified ${protocol}, which includes ':'`);
	const host = single(settings.hostHeader, headers[settings.hostHeader]) || single('host', headers.host);
	if (!host) throw new Error('Could not determine host: the request has no host header');
	const port = single(settings.portHeader, headers[settings.portHeader]);
	if (port && isNaN(+port)) throw new Error(`The ${settings.portHeader} header specified ${port}, which is not a port number`);
	return port ? `${protocol}://${host}:${port}` : `${protocol}://${host}`;
}

/** The client's address: the socket's, or the one the proxy names in ADDRESS_HEADER. */
export function clientAddress(settings: ForwardedSettings, headers: IncomingHttpHeaders, socketAddress: string | undefined): string {
	const { addressHeader, xffDepth } = settings;
	if (!addressHeader) return socketAddress ?? '';
	if (!(addressHeader in headers)) {
		throw new Error(`Address header was specified with ADDRESS_HEADER=${addressHeader} but is absent from request`);
	}
	const value = (headers[addressHeader] as string | undefined) || '';
	if (addressHeader !== 'x-forwarded-for') return value;
	const addresses = value.split(',');
	if (xffDepth < 1) throw new Error('XFF_DEPTH must be a positive integer');
	if (xffDepth > addresses.length) throw new Error(`XFF_DEPTH is ${xffDepth}, but only found ${addresses.length} addresses`);
	return addresses[addresses.length - xffDepth].trim();
}
