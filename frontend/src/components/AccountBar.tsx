// Under the top bar: whether Ispera runs on the wallet's network (with a switch button), and the account's balances.
import { useAccount, useBalance, useChainId, useReadContract, useSwitchChain } from "wagmi";
import { erc20Abi } from "viem";
import { contractsOn } from "../config/runtime.ts";
import { useLang, useT } from "../i18n/index.tsx";
import { commonMessages } from "../i18n/common.ts";
import { formatAmount } from "../lib/format.ts";
import { chains } from "../wagmi.ts";

export function AccountBar() {
  const t = useT(commonMessages);
  const { lang } = useLang();
  const { address, isConnected, chain } = useAccount();
  const chainId = useChainId();
  const { switchChain, isPending } = useSwitchChain();
  const usdc = contractsOn(chainId)?.usdc?.address;
  const eth = useBalance({ address, query: { enabled: isConnected } });
  const token = useReadContract({
    address: usdc,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: address ? [address] : undefined,
    query: { enabled: isConnected && usdc !== undefined },
  });
  if (!isConnected) return <p className="accountbar">{t("account.notConnected")}</p>;
  const deployedChains = chains.filter((c) => contractsOn(c.id) !== undefined);
  if (!chain || contractsOn(chain.id) === undefined) {
    return (
      <div className="accountbar warning" role="alert">
        <span>{t("account.wrongNetwork", { chain: chain?.name ?? String(chainId) })}</span>
        {deployedChains.map((c) => (
          <button key={c.id} type="button" disabled={isPending} onClick={() => switchChain({ chainId: c.id })}>
            {t("account.switch", { chain: c.name })}
          </button>
        ))}
      </div>
    );
  }
  const ethText = eth.data ? formatAmount(eth.data.value, lang, 18, "").slice(0, 10) : "…";
  const usdcText = token.data === undefined ? "…" : formatAmount(token.data, lang);
  return (
    <p className="accountbar" data-testid="balances">
      {t("account.balances", { eth: ethText, usdc: usdcText })}
    </p>
  );
}
