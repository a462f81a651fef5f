import { describe, expect, it } from 'vitest';
import { clientAddress, readForwardedSettings, requestOrigin } from './forwarded';

describe('the site’s origin, as adapter-node reads it', () => {
	it('is ORIGIN when that is set, whatever the headers say', () => {
		const settings = readForwardedSettings({ ORIGIN: ' https://tautoko.example.nz/ ', PROTOCOL_HEADER: 'x-forwarded-proto' });
		expect(requestOrigin(settings, { host: 'elsewhere', 'x-forwarded-proto': 'http' })).toBe('https://tautoko.example.nz');
	});

	it('is https on the Host header when nothing else is configured', () => {
		expect(requestOrigin(readForwardedSettings({}), { host: 'tautoko.example.nz' })).toBe('https://tautoko.example.nz');
	});

	it('takes the scheme, host and port from the headers the proxy is configured to send', () => {
		const settings = readForwardedSettings({ PROTOCOL_HEADER: 'X-Forwarded-Proto', HOST_HEADER: 'x-forwarded-host', PORT_HEADER: 'x-forwarded-port' });
		const headers = { host: 'app-3:3000', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'tautoko.example.nz', 'x-forwarded-port': '8080' };
		expect(requestOrigin(settings, headers)).toBe('http://tautoko.example.nz:8080');
	});

	it('refuses a scheme that would smuggle in a host, a port that is not a number and no host at all', () => {
		const settings = readForwardedSettings({ PROTOCOL_HEADER: 'x-forwarded-proto', PORT_HEADER: 'x-forwarded-port' });
		expect(() => requestOrigin(settings, { host: 'a', 'x-forwarded-proto': 'https://evil.example' })).toThrow(/includes ':'/);
		expect(() => requestOrigin(settings, { host: 'a', 'x-forwarded-port': 'eighty' })).toThrow(/not a port number/);
		expect(() => requestOrigin(settings, {})).toThrow(/no host header/);
	});
});

describe('the client’s address, as adapter-node reads it', () => {
	it('is the socket’s when no ADDRESS_HEADER is set, even if the request names another', () => {
		expect(clientAddress(readForwardedSettings({}), { 'x-forwarded-for': '203.0.113.7' }, '10.0.0.5')).toBe('10.0.0.5');
	});

	it('counts XFF_DEPTH proxies from the right of X-Forwarded-For, so a client cannot choose its own', () => {
		const settings = readForwardedSettings({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2' });
		expect(clientAddress(settings, { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 198.51.100.2' }, '10.0.0.5')).toBe('203.0.113.7');
		expect(() => clientAddress(settings, { 'x-forwarded-for': '203.0.113.7' }, '10.0.0.5')).toThrow(/only found 1/);
	});

	it('is another header’s value whole, and refused when the proxy did not send it', () => {
		const settings = readForwardedSettings({ ADDRESS_HEADER: 'x-real-ip' });
		expect(clientAddress(settings, { 'x-real-ip': '203.0.113.7' }, '10.0.0.5')).toBe('203.0.113.7');
		expect(() => clientAddress(settings, {}, '10.0.0.5')).toThrow(/absent from request/);
	});
});
