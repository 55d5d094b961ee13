// Form helpers of the brand pages: field ids from offer.ts paths, the per-field error line, and the props that tie
// an input to its label, hint and error (aria-invalid, aria-describedby).
import type { ReactNode } from "react";

/** The first message per field. */
export type FieldErrors = ReadonlyMap<string, string>;

export function fieldId(field: string): string {
  return `offer-${field.replace(/\./g, "-")}`;
}

export function FieldError({ field, error }: { field: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field-error" id={`${fieldId(field)}-error`}>
      {error}
    </p>
  );
}

/** id, aria-invalid and aria-describedby of the input of `field`. */
export function aria(field: string, errors: FieldErrors, hint = false) {
  const id = fieldId(field);
  const error = errors.get(field);
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": described || undefined } as const;
}

/** A labelled field: label, the input (children), an optional hint and the error. */
export function Field({
  field,
  label,
  hint,
  errors,
  children,
}: {
  field: string;
  label: string;
  hint?: string;
  errors: FieldErrors;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={fieldId(field)}>{label}</label>
      {children}
      {hint && (
        <p className="field-hint" id={`${fieldId(field)}-hint`}>
          {hint}
        </p>
      )}
      <FieldError field={field} error={errors.get(field)} />
    </div>
  );
}
