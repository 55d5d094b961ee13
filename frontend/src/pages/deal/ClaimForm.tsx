// Claiming a credit to any address: the address is validated (format, checksum, not zero, not an Ispera contract)
// before the claim is sent. Used for escrow credits, holdback credits and the influencer's "claim all".
import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import { contractsOn } from "../../config/runtime.ts";
import { Field } from "./Field.tsx";
import { parseAddress } from "./validate.ts";

export function ClaimForm({
  chainId,
  defaultTo,
  label,
  toLabel,
  busy,
  errorText,
  onClaim,
}: {
  chainId: number;
  defaultTo: string;
  label: string;
  toLabel: string;
  busy: boolean;
  errorText: (code: string) => string;
  onClaim: (to: Address) => Promise<void>;
}) {
  const [to, setTo] = useState(defaultTo);
  const [error, setError] = useState<string>();
  const forbidden = Object.values(contractsOn(chainId) ?? {}).map((r) => r.address);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAddress(to, forbidden);
    if (!parsed.ok) return setError(parsed.error);
    setError(undefined);
    await onClaim(parsed.value);
  }
  return (
    <form onSubmit={submit} noValidate className="claim-form">
      <Field label={toLabel} error={error ? errorText(error) : undefined}>
        {(p) => <input {...p} className="mono" size={44} spellCheck={false} autoComplete="off" value={to} onChange={(e) => setTo(e.target.value)} />}
      </Field>
      <p>
        <button type="submit" disabled={busy}>
          {label}
        </button>
      </p>
    </form>
  );
}
