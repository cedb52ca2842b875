/**
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity):
 *   <number><suffix>, number = [+-]digits[.digits], suffix = binary (Ki Mi Gi Ti Pi Ei),
 *   decimal (n u m "" k M G T P E) or an exponent (e3, E-2).
 * Note `k` is the only lowercase multiplier: `10K` is not a quantity, `500m` is (0.5).
 */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/** The quantity's value in base units (bytes, cores); undefined when `text` is not a quantity. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix = ""] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  if (multiplier === undefined) return undefined;
  return (sign === "-" ? -1 : 1) * Number(digits) * multiplier;
}

export const GIB = 2 ** 30;
