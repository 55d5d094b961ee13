// Every transaction of the session with its progress: checking, waiting for the signature, pending, mined or
// reverted, or refused with the decoded custom error in plain words. Announced to screen readers (aria-live).
import { useLang, useT } from "../i18n/index.tsx";
import { commonMessages } from "../i18n/common.ts";
import { useEffect, useState } from "react";
import type { DecodedError } from "../lib/errors.ts";
import { useTransactions, type TxRecord } from "../lib/tx.tsx";
import { explorerTxUrl } from "../wagmi.ts";

/** The error in plain words; the texts of every error are loaded when the first one is shown. */
function useErrorText(error: DecodedError | undefined): string | undefined {
  const { lang } = useLang();
  const [text, setText] = useState<string>();
  useEffect(() => {
    let live = true;
    if (error) void import("../lib/errorMessages.ts").then((m) => live && setText(m.describeError(error, lang)));
    return () => {
      live = false;
    };
  }, [error, lang]);
  return error ? (text ?? error.technical) : undefined;
}

export function TxLine({ record }: { record: TxRecord }) {
  const t = useT(commonMessages);
  const errorText = useErrorText(record.error);
  const url = record.hash && record.chainId ? explorerTxUrl(record.chainId, record.hash) : undefined;
  let text: string;
  switch (record.phase) {
    case "simulating":
      text = t("tx.simulating");
      break;
    case "signing":
      text = t("tx.signing");
      break;
    case "pending":
      text = t("tx.pending");
      break;
    case "mined":
      text = t("tx.mined", { block: record.blockNumber ?? 0n });
      break;
    case "reverted":
      text = t("tx.reverted", { block: record.blockNumber ?? 0n });
      break;
    case "failed":
      text = t("tx.failed", { reason: errorText ?? "?" });
      break;
  }
  return (
    <div className={`tx tx-${record.phase}`} data-testid="tx" data-phase={record.phase}>
      <strong>{record.label}</strong> <span className="tx-text">{text}</span>
      {record.error && record.error.name !== "UserRejected" && (
        <details>
          <summary>{t("tx.details")}</summary>
          <code>{record.error.technical}</code>
        </details>
      )}
      {url && (
        <a href={url} target="_blank" rel="noreferrer">
          {t("tx.explorer")}
        </a>
      )}
    </div>
  );
}

export function TransactionList() {
  const t = useT(commonMessages);
  const { records, dismiss } = useTransactions();
  if (records.length === 0) return null;
  return (
    <aside className="txlist" aria-label={t("tx.title")} aria-live="polite">
      {records.map((record) => (
        <div key={record.id} className="txlist-item">
          <TxLine record={record} />
          {record.phase !== "simulating" && record.phase !== "signing" && record.phase !== "pending" && (
            <button type="button" className="link" onClick={() => dismiss(record.id)} aria-label={t("tx.dismiss")}>
              ×
            </button>
          )}
        </div>
      ))}
    </aside>
  );
}
