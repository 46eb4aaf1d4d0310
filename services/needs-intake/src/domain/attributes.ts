import type { IntakeApi } from '@sanshe/contracts';

type Attribute = IntakeApi.CategoryAttribute;
type Value = string | number | string[];

/**
 * Checks a need's extra fields against its category's definitions (Open311
 * attributes): required ones present, each of its datatype, list values among the
 * allowed keys, no unknown fields. Returns the cleaned values or the problems.
 */
export function validateAttributes(
  definitions: readonly Attribute[],
  values: Readonly<Record<string, Value>>,
): { ok: true; values: Record<string, Value> } | { ok: false; problems: Array<{ field: string; reason: string }> } {
  const problems: Array<{ field: string; reason: string }> = [];
  const clean: Record<string, Value> = {};
  const known = new Set(definitions.map((d) => d.code));
  for (const code of Object.keys(values)) {
    if (!known.has(code)) problems.push({ field: `attributes.${code}`, reason: 'not a field of this category' });
  }
  for (const def of [...definitions].sort((a, b) => a.order - b.order)) {
    const field = `attributes.${def.code}`;
    const value = values[def.code];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (def.required) problems.push({ field, reason: `${def.label.en} is required` });
      continue;
    }
    const reason = datatypeProblem(def, value);
    if (reason) problems.push({ field, reason });
    else clean[def.code] = def.datatype === 'number' ? Number(value) : value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: clean };
}

function datatypeProblem(def: Attribute, value: Value): string | null {
  const keys = def.values.map((v) => v.key);
  switch (def.datatype) {
    case 'string':
      return typeof value === 'string' && value.length <= 200 ? null : 'must be text of at most 200 characters';
    case 'text':
      return typeof value === 'string' ? null : 'must be text';
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
        ? null
        : 'must be a number';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? null
        : 'must be an ISO date or date-time';
    case 'singlevaluelist':
      return typeof value === 'string' && keys.includes(value) ? null : `must be one of ${keys.join(', ')}`;
    case 'multivaluelist':
      return Array.isArray(value) && value.every((v) => keys.includes(v)) && new Set(value).size === value.length
        ? null
        : `must be a list of distinct values among ${keys.join(', ')}`;
  }
}
