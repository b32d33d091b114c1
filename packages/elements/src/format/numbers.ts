const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** "1,200" / "1.200" — a count in the visitor's locale. */
export function formatCount(n: number, locale: string): string {
  return formatter(locale, {}).format(n);
}

/** "60 min" — a length of time in the visitor's locale. */
export function formatMinutes(minutes: number, locale: string): string {
  return formatter(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes);
}
