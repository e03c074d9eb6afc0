// Structural equality of plain data (what the store and the publisher keep: objects, arrays,
// primitives), the same equality as comparing JSON.stringify of both, at a fraction of its cost:
// shared sub-objects (a completed run's findings, kept from poll to poll) compare by identity, and the
// first difference ends the walk.

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameArray(a, b);
  return sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

/** Keys whose value is undefined count as absent, as in JSON. */
function sameObject(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let definedInA = 0;
  for (const key in a) {
    const value = a[key];
    if (value === undefined) continue;
    definedInA++;
    if (!sameValue(value, b[key])) return false;
  }
  let definedInB = 0;
  for (const key in b) if (b[key] !== undefined) definedInB++;
  return definedInA === definedInB;
}
