// End-to-end test tooling: Debian's Chromium driven by playwright-core (never a downloaded browser), and an injected
// EIP-1193 wallet whose requests are answered in Node by a viem account holding a local private key: transactions
// and signatures are made here, exactly as a browser wallet would, and sent to the chain as raw transactions.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createWalletClient, http, type Hex, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

export const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? CHROMIUM_PATHS.find((p) => existsSync(p));
  if (!path) throw new Error("Chromium is not installed: run `node scripts/ensure-chromium.mjs` (installs Debian's chromium)");
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/** The hardhat node's default accounts (mnemonic "test test … junk"): index -> private key. */
export const HARDHAT_KEYS: readonly Hex[] = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
  "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897",
  "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82",
  "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1",
  "0x47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd",
  "0xc526ee95bf44d8fc405a158bb884d9d1238d99f0612e9f33d006bb0789009aaa",
  "0x8166f546bab6da521a8369cab06c5d2b9e46670292d85c875ee9ec20e84ffb61",
  "0xea6c44ac03bff858b476bba40716402b03e41b8e97e276d1baec7c37d42484a0",
  "0x689af8efa8c651a91ad287602527f3af2fe9f6501a7ac4b061667b5a93e037fd",
  "0xde9be858da4a475276426320d5e9262ecfc3ba460bfac56360bfa6c4c28b4ee0",
  "0xdf57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e",
];

export interface WalletSession {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly wallet: WalletClient;
  readonly address: Hex;
  /** Switches the injected wallet to another key (announces accountsChanged to the app). */
  use(privateKey: Hex): Promise<void>;
}

/**
 * A browser context whose page has `window.ethereum`: an EIP-1193 provider backed by `privateKey`. `eth_accounts`
 * answers [] until the app asks with `eth_requestAccounts`, as a real wallet does before the user connects.
 */
export async function openWallet(browser: Browser, rpcUrl: string, privateKey: Hex): Promise<WalletSession> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let account = privateKeyToAccount(privateKey);
  let wallet = createWalletClient({ account, chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } }, transport: http(rpcUrl) });
  let connected = false;
  const rpc = async (method: string, params: unknown): Promise<unknown> => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
    });
    const json = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (json.error) throw Object.assign(new Error(json.error.message), { code: json.error.code, data: json.error.data });
    return json.result;
  };
  await page.exposeFunction("__e2eWallet", async (method: string, params: unknown[]): Promise<{ result?: unknown; error?: unknown }> => {
    try {
      switch (method) {
        case "eth_requestAccounts":
          connected = true;
          return { result: [account.address] };
        case "eth_accounts":
          return { result: connected ? [account.address] : [] };
        case "eth_chainId":
          return { result: `0x${hardhat.id.toString(16)}` };
        case "wallet_switchEthereumChain":
        case "wallet_addEthereumChain":
        case "wallet_watchAsset":
          return { result: null };
        case "wallet_requestPermissions":
          connected = true;
          return { result: [{ parentCapability: "eth_accounts" }] };
        case "wallet_getPermissions":
          return { result: connected ? [{ parentCapability: "eth_accounts" }] : [] };
        case "personal_sign":
          return { result: await account.signMessage({ message: { raw: params[0] as Hex } }) };
        case "eth_signTypedData_v4": {
          const typed = JSON.parse(params[1] as string) as Parameters<typeof account.signTypedData>[0];
          return { result: await account.signTypedData(typed) };
        }
        case "eth_sendTransaction": {
          const tx = params[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
          const hash = await wallet.sendTransaction({
            account,
            chain: wallet.chain,
            to: tx.to,
            data: tx.data,
            value: tx.value ? BigInt(tx.value) : undefined,
            gas: tx.gas ? BigInt(tx.gas) : undefined,
          });
          return { result: hash };
        }
        default:
          return { result: await rpc(method, params) };
      }
    } catch (error) {
      const e = error as { code?: number; message?: string; data?: unknown };
      return { error: { code: e.code ?? -32603, message: e.message ?? String(error), data: e.data } };
    }
  });
  await page.addInitScript(() => {
    type Listener = (...args: unknown[]) => void;
    const listeners = new Map<string, Set<Listener>>();
    const bridge = (window as unknown as { __e2eWallet: (m: string, p: unknown[]) => Promise<{ result?: unknown; error?: unknown }> })
      .__e2eWallet;
    const provider = {
      isMetaMask: false,
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const answer = await bridge(method, params ?? []);
        if (answer.error) throw answer.error;
        return answer.result;
      },
      on(event: string, listener: Listener) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(listener);
        return provider;
      },
      removeListener(event: string, listener: Listener) {
        listeners.get(event)?.delete(listener);
        return provider;
      },
      emit(event: string, ...args: unknown[]) {
        for (const l of listeners.get(event) ?? []) l(...args);
      },
    };
    (window as unknown as { ethereum: unknown }).ethereum = provider;
  });
  return {
    context,
    page,
    get wallet() {
      return wallet;
    },
    get address() {
      return account.address;
    },
    async use(next: Hex) {
      account = privateKeyToAccount(next);
      wallet = createWalletClient({ account, chain: wallet.chain, transport: http(rpcUrl) });
      await page.evaluate((address) => {
        (window as unknown as { ethereum: { emit: (e: string, a: unknown) => void } }).ethereum.emit("accountsChanged", [address]);
      }, account.address);
    },
  };
}

/** Connects the app to the injected wallet through RainbowKit's modal. */
export async function connect(page: Page): Promise<void> {
  await page.getByRole("button", { name: /connect wallet|connecter/i }).first().click();
  await page.getByText(/browser wallet|injected|portefeuille du navigateur/i).first().click();
  await page.getByTestId("balances").waitFor({ timeout: 20_000 });
}

/** Waits until the newest transaction of the tracker is mined (or throws with what it says). */
export async function waitMined(page: Page, timeout = 60_000): Promise<void> {
  const tx = page.getByTestId("tx").first();
  await tx.waitFor({ timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    const phase = await tx.getAttribute("data-phase");
    if (phase === "mined") return;
    if (phase === "failed" || phase === "reverted") throw new Error(`transaction ${phase}: ${await tx.innerText()}`);
    if (Date.now() > deadline) throw new Error(`transaction still ${phase} after ${timeout} ms`);
    await page.waitForTimeout(200);
  }
}

export function screenshotDir(root: string): string {
  const dir = join(root, "docs", "screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Raw JSON-RPC to the chain (test tooling: time travel, balances). */
export async function chainRpc(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const json = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}

/** Moves the chain's clock forward and mines a block. */
export async function increaseTime(rpcUrl: string, seconds: number): Promise<void> {
  await chainRpc(rpcUrl, "evm_increaseTime", [seconds]);
  await chainRpc(rpcUrl, "evm_mine");
}
