const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, format);
  }
  return format;
}

/**
 * The decimal string of `minor` minor units of `currency` ("1234" EUR → "12.34",
 * "500" JPY → "500"), built from the integer: no float ever holds the amount.
 */
export function minorToDecimal(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const sign = minor < 0 ? '-' : '';
  const units = String(Math.abs(Math.trunc(minor)));
  if (digits === 0) return `${sign}${units}`;
  const padded = units.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * Money as the visitor reads it: `formatMoney(9500, 'EUR', 'de-DE')` → "95,00 €".
 * The amount reaches Intl as a decimal string, which it formats exactly.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return formatter(locale, currency).format(minorToDecimal(minor, currency) as Intl.StringNumericLiteral);
}
