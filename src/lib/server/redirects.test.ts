import { describe, expect, it } from 'vitest';
import { sameSitePath } from './redirects';

describe('redirect targets stay on this site', () => {
	it('keeps a path and refuses anything that could leave', () => {
		expect(sameSitePath('/cases?q=x')).toBe('/cases?q=x');
		for (const target of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', null]) {
			expect(sameSitePath(target)).toBe('/');
		}
	});
});
