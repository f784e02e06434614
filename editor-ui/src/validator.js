// A small validator for react-jsonschema-form. Every check of the editor is the server's (the same as
// `handbook check`, shown through extraErrors); the form only needs to tell which choice of a oneOf/anyOf
// a value matches. ajv (the usual validator) compiles schemas with `new Function`, which the editor's
// Content-Security-Policy forbids; this one interprets the few keywords the form schemas use.
function resolve(schema, root) {
  let s = schema;
  let guard = 0;
  while (s && s.$ref && guard++ < 20) {
    const name = s.$ref.split("/").pop();
    s = (root.$defs || root.definitions || {})[name];
  }
  return s || {};
}
function typeOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (Number.isInteger(v)) return "integer";
  return typeof v;
}
function matches(schema, value, root, depth = 0) {
  const s = resolve(schema, root);
  if (depth > 30) return true;
  if ("const" in s) return s.const === value;
  if (s.enum) return s.enum.includes(value);
  if (s.type) {
    const t = typeOf(value);
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const ok = types.some((x) => x === t || (x === "number" && t === "integer"));
    if (!ok && value !== undefined) return false;
  }
  if (s.oneOf && !s.oneOf.every((o) => "const" in o)) return s.oneOf.some((o) => matches(o, value, root, depth + 1));
  if (s.anyOf) return s.anyOf.some((o) => matches(o, value, root, depth + 1));
  if (s.properties && value && typeof value === "object" && !Array.isArray(value)) {
    for (const key of s.required || []) if (!(key in value)) return false;
    if (s.additionalProperties === false) for (const key of Object.keys(value)) if (!(key in s.properties)) return false;
  }
  return true;
}
const validator = {
  validateFormData() {
    return { errors: [], errorSchema: {} };
  },
  toErrorList() {
    return [];
  },
  isValid(schema, formData, rootSchema) {
    return matches(schema, formData, rootSchema || schema);
  },
  rawValidation() {
    return { errors: [], validationError: undefined };
  },
  reset() {},
};
export default validator;
