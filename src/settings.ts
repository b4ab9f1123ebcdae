/**
 * A whole-number `[vars]` entry: a number from wrangler.toml, or text from a
 * dashboard override (never an empty string). Misconfiguration throws.
 */
export function wholeNumberSetting(
  value: unknown,
  name: string,
  { min, unit }: { min: number; unit: string },
): number {
  const number = typeof value === "string" && value.trim() === "" ? NaN : Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new Error(`${name} must be a whole number of ${unit} (${min} or more)`);
  }
  return number;
}
