// What the auditor pages share: the queries (one block per read, no wallet needed) and small display pieces.
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { contractsOn, CONTRACT_KEYS } from "../../config/runtime.ts";
import { useLang, useT } from "../../i18n/index.tsx";
import { useReadClient } from "../../lib/chain.ts";
import { formatAmount, shortAddress } from "../../lib/format.ts";
import { readRightsRecord, verifyRights } from "./certificate.ts";
import { auditorMessages } from "./messages.ts";
import type { TokenInfo } from "./model.ts";
import { readParams } from "./params.ts";
import { openContext, readDispute, readDisputes, readSolvency, type AuditAddresses } from "./read.ts";

/** The addresses the auditor reads on `chainId`, or undefined when Ispera is not deployed there. */
export function auditAddresses(chainId: number): AuditAddresses | undefined {
  const c = contractsOn(chainId);
  if (!c?.escrow) return undefined;
  const starts = CONTRACT_KEYS.map((k) => c[k]?.startBlock).filter((b): b is number => typeof b === "number");
  return {
    escrow: c.escrow.address,
    court: c.court?.address,
    certificate: c.certificate?.address,
    randomness: c.randomness?.address,
    reputation: c.reputation?.address,
    profiles: c.profiles?.address,
    token: c.usdc?.address,
    fromBlock: BigInt(starts.length > 0 ? Math.min(...starts) : 0),
  };
}

function useAuditQuery<T>(key: readonly unknown[], read: (addresses: AuditAddresses) => Promise<T>, enabled = true) {
  const { chainId, client } = useReadClient();
  const addresses = auditAddresses(chainId);
  const query = useQuery({
    queryKey: ["auditor", chainId, ...key],
    enabled: enabled && client !== undefined && addresses !== undefined,
    retry: false,
    queryFn: () => read(addresses!),
  });
  return { ...query, chainId, deployed: addresses !== undefined };
}

/** Solvency, totals, deals and the list of disputes, at one block. */
export function useOverview() {
  const { client } = useReadClient();
  return useAuditQuery(["overview"], async (addresses) => {
    const ctx = await openContext(client!, addresses);
    const [solvency, disputes] = await Promise.all([readSolvency(ctx), readDisputes(ctx)]);
    return { solvency, disputes };
  });
}

export function useParams() {
  const { client } = useReadClient();
  return useAuditQuery(["params"], async (addresses) => readParams(await openContext(client!, addresses)));
}

export function useDispute(id: bigint | undefined) {
  const { client } = useReadClient();
  return useAuditQuery(
    ["dispute", id?.toString()],
    async (addresses) => {
      const ctx = await openContext(client!, addresses);
      return { ctx: { blockNumber: ctx.blockNumber, blockTime: ctx.blockTime }, dispute: await readDispute(ctx, id!) };
    },
    id !== undefined,
  );
}

export function useCertificate(tokenId: bigint | undefined) {
  const { client, chainId } = useReadClient();
  return useAuditQuery(
    ["certificate", tokenId?.toString()],
    async (addresses) => {
      if (!addresses.certificate) return null;
      const record = await readRightsRecord(client!, { certificate: addresses.certificate, tokenId: tokenId!, chainId, fromBlock: addresses.fromBlock });
      const verification = verifyRights(record, { expectedCertificate: addresses.certificate, expectedEscrow: addresses.escrow });
      return { record, verification };
    },
    tokenId !== undefined,
  );
}

/** An amount of a token in the page's language. */
export function useMoney(tokens: readonly TokenInfo[] = []): (amount: bigint, token?: Address | TokenInfo) => string {
  const { lang } = useLang();
  return (amount, token) => {
    const info = typeof token === "string" ? tokens.find((t) => t.address === token) : token;
    return formatAmount(amount, lang, info?.decimals ?? 6, info?.symbol ?? "");
  };
}

export function Addr({ address }: { address: Address | string | null }) {
  const t = useT(auditorMessages);
  if (!address) return <span className="muted">{t("params.nobody")}</span>;
  return (
    <code title={address} className="auditor-addr">
      {shortAddress(address)}
    </code>
  );
}

export function FullAddr({ address }: { address: Address | string | null }) {
  const t = useT(auditorMessages);
  if (!address) return <span className="muted">{t("params.nobody")}</span>;
  return <code>{address}</code>;
}

/** Query states in words: loading, not deployed, read error. Returns null when the data is there. */
export function QueryState({ deployed, chainId, isLoading, error }: { deployed: boolean; chainId: number; isLoading: boolean; error: Error | null }) {
  const t = useT(auditorMessages);
  if (!deployed) return <p className="alert error" role="alert">{t("notDeployed", { chain: chainId })}</p>;
  if (error) return <p className="alert error" role="alert">{t("readError", { error: error.message.split("\n")[0] ?? "" })}</p>;
  if (isLoading) return <p role="status">{t("loading")}</p>;
  return null;
}

/** The page's own print rules: only the proof (or the page's content) is printed, never the app's chrome. */
export const AUDITOR_CSS = `
.auditor-verdict { display: inline-block; font-weight: 800; font-size: 1.3rem; padding: 0.3rem 0.8rem; border: 3px solid; border-radius: var(--radius); }
.auditor-verdict.ok { color: var(--ok); }
.auditor-verdict.bad { color: var(--bad); }
.auditor-verdict.warn { color: var(--warn); }
.auditor-sections { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.auditor-counts { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; }
.auditor-counts li { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.3rem 0.7rem; }
.auditor-dl { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: 0.3rem 1rem; margin: 0.5rem 0; }
.auditor-dl dt { color: var(--muted); }
.auditor-dl dd { margin: 0; overflow-wrap: anywhere; }
.auditor-proof { width: 100%; height: 70vh; min-height: 420px; border: 1px solid var(--line); border-radius: var(--radius); background: #fff; }
.auditor-json { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.5rem; max-height: 24rem; overflow: auto; }
a.button { display: inline-block; text-decoration: none; }
a.button.auditor-secondary { background: var(--surface); color: var(--accent); }
section[tabindex="-1"]:focus { outline: none; }
.num { text-align: right; white-space: nowrap; }
details > summary { cursor: pointer; font-weight: 600; margin: 0.5rem 0; }
@media (max-width: 600px) { .auditor-dl { grid-template-columns: 1fr; } .auditor-dl dd { margin-bottom: 0.4rem; } }
@media print { .auditor-noprint { display: none !important; } .auditor-proof { height: auto; min-height: 0; border: none; } }
`;
