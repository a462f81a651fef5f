import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV for spreadsheets (ASVS 5.0 V1.2.10: CSV and formula injection)', () => {
	it('neutralises text a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("https://evil.example","Click")')).toBe(`"'=HYPERLINK(""https://evil.example"",""Click"")"`);
		expect(csvCell('+61 2 1234')).toBe("'+61 2 1234");
		expect(csvCell('-cmd')).toBe("'-cmd");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tTabbed')).toBe("'\tTabbed");
	});

	it('leaves ordinary text and numbers, negative ones too, as they are', () => {
		expect(csvCell('Kāinga Housing Support')).toBe('Kāinga Housing Support');
		expect(csvCell(-3)).toBe('-3');
		expect(csvCell(12.5)).toBe('12.5');
		expect(csvCell(null)).toBe('');
	});

	it('quotes commas, quotes and line breaks', () => {
		expect(toCsv([['a, b', 'say "hi"'], ['line\nbreak', 1]])).toBe('"a, b","say ""hi"""\r\n"line\nbreak",1\r\n');
	});
});
