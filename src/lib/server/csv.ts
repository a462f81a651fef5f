/**
 * CSV for reports that people open in a spreadsheet. Two dangers beyond quoting:
 *
 * - A text cell starting with =, +, -, @, a tab or a carriage return is read by Excel and
 *   LibreOffice as a formula. Agency names and decline reasons are typed by people, so such a
 *   cell gets a leading apostrophe, which spreadsheets show as plain text (OWASP "CSV injection").
 * - Numbers are written as numbers: a negative figure stays a number, not text.
 */
export function csvCell(value: string | number | null): string {
	if (value === null) return '';
	if (typeof value === 'number') return String(value);
	const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends, as RFC 4180 asks. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
	return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
