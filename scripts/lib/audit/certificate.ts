// `audit certificate <dealId>`: verifies a rights certificate against the chain with scripts/lib/rightsProof.ts
// (who, what, when, which terms, still valid or expired), trusting the deployment's certificate contract and escrow.
import { claimsOf, readRightsRecord, verifyRights, type Check, type RightsClaims, type Verdict } from "../rightsProof.ts";
import { AuditInputError, view, type AuditContext } from "./common.ts";

export interface CertificateReport {
  kind: "certificate";
  chainId: bigint;
  blockNumber: number;
  certificate: string;
  escrow: string;
  dealId: string;
  verdict: Verdict;
  message: string;
  checks: Check[];
  holder: string | null;
  /** What the certificate states (null when there is none). */
  claims: RightsClaims | null;
}

/** Verifies the certificate of a deal. Throws AuditInputError for an unknown deal or no certificate contract. */
export async function auditCertificate(ctx: AuditContext, dealId: string): Promise<CertificateReport> {
  if (!ctx.certificate) throw new AuditInputError("no RightsCertificate address in the deployment (key \"LocalIspera#RightsCertificate\")");
  const state = await view(ctx, ctx.escrow, "getDeal", dealId);
  if (Number(state.status) === 0) throw new AuditInputError(`unknown deal ${dealId}: the escrow ${ctx.addresses.escrow} has no such deal`);
  const certificate = await ctx.certificate.getAddress();
  const record = await readRightsRecord({ provider: ctx.provider, certificate, dealId, fromBlock: ctx.fromBlock });
  const verification = verifyRights(record, { expectedCertificate: certificate, expectedEscrow: ctx.addresses.escrow });
  return {
    kind: "certificate",
    chainId: ctx.chainId,
    blockNumber: record.blockNumber,
    certificate,
    escrow: ctx.addresses.escrow,
    dealId,
    verdict: verification.verdict,
    message: verification.message,
    checks: verification.checks,
    holder: record.holder ?? null,
    claims: record.exists && record.stored ? claimsOf(record) : null,
  };
}

/** Exit status of `audit certificate`: 0 valid, 1 mismatch (or no certificate), 3 authentic but expired. */
export function certificateExitCode(verdict: Verdict): number {
  return verdict === "valid" ? 0 : verdict === "expired" ? 3 : 1;
}

export function renderCertificate(r: CertificateReport): string {
  const lines = [`Rights certificate ${r.dealId}`, `  contract ${r.certificate}, escrow ${r.escrow}, chain ${r.chainId}, block ${r.blockNumber}`, ""];
  for (const c of r.checks) lines.push(`  ${c.ok ? "ok  " : "FAIL"} ${c.label}: ${c.detail}`);
  lines.push("");
  lines.push(r.message);
  return lines.join("\n");
}
