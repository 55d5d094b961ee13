// The one write path of the app: every transaction is simulated (so a refusal is shown with its decoded custom error
// before anything is signed), sent through the wallet, waited for, reported and followed by a refresh of every read.
// Components call `useTransaction().send(...)`; the tracker lists the session's transactions with their progress.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import type { Abi, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from "viem";
import { simulateContract, waitForTransactionReceipt, writeContract, type SimulateContractParameters } from "wagmi/actions";
import { wagmiConfig } from "../wagmi.ts";
import type { DecodedError } from "./errors.ts";

export type TxPhase = "simulating" | "signing" | "pending" | "mined" | "reverted" | "failed";

export interface TxRecord {
  readonly id: number;
  readonly label: string;
  readonly phase: TxPhase;
  readonly chainId?: number;
  readonly hash?: Hash;
  readonly blockNumber?: bigint;
  readonly gasUsed?: bigint;
  readonly error?: DecodedError;
}

interface TrackerState {
  readonly records: readonly TxRecord[];
  readonly upsert: (record: TxRecord) => void;
  readonly dismiss: (id: number) => void;
}

const TrackerContext = createContext<TrackerState | undefined>(undefined);

export function TransactionProvider({ children }: { children: ReactNode }) {
  const [records, setRecords] = useState<readonly TxRecord[]>([]);
  const upsert = useCallback((record: TxRecord) => {
    setRecords((old) => {
      const others = old.filter((r) => r.id !== record.id);
      return [record, ...others].slice(0, 8);
    });
  }, []);
  const dismiss = useCallback((id: number) => setRecords((old) => old.filter((r) => r.id !== id)), []);
  const value = useMemo(() => ({ records, upsert, dismiss }), [records, upsert, dismiss]);
  return <TrackerContext.Provider value={value}>{children}</TrackerContext.Provider>;
}

export function useTransactions(): TrackerState {
  const state = useContext(TrackerContext);
  if (!state) throw new Error("useTransactions needs a TransactionProvider");
  return state;
}

type WriteMutability = "nonpayable" | "payable";

/** What `send` takes: a contract call as wagmi's `simulateContract` takes it. */
export type WriteParameters<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
> = SimulateContractParameters<abi, functionName, args, typeof wagmiConfig>;

let nextId = 1;

export interface TransactionHandle {
  /** The last transaction sent through this handle, while it is shown. */
  readonly last: TxRecord | undefined;
  readonly busy: boolean;
  /**
   * Simulates, sends, waits and refreshes. Resolves with the receipt once mined successfully, or undefined when the
   * call was refused (simulation), rejected in the wallet or reverted (the record says why).
   */
  send<
    const abi extends Abi,
    functionName extends ContractFunctionName<abi, WriteMutability>,
    const args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
  >(label: string, parameters: WriteParameters<abi, functionName, args>): Promise<TransactionReceipt | undefined>;
}

export function useTransaction(): TransactionHandle {
  const { records, upsert } = useTransactions();
  const queryClient = useQueryClient();
  const [lastId, setLastId] = useState<number>();
  const busyRef = useRef(false);
  const [busy, setBusy] = useState(false);

  const send = useCallback(
    async (label: string, parameters: WriteParameters<Abi, string, readonly unknown[]>) => {
      if (busyRef.current) return undefined;
      busyRef.current = true;
      setBusy(true);
      const id = nextId++;
      setLastId(id);
      let record: TxRecord = { id, label, phase: "simulating", chainId: parameters.chainId };
      upsert(record);
      try {
        const { request } = await simulateContract(wagmiConfig, parameters);
        record = { ...record, phase: "signing" };
        upsert(record);
        const hash = await writeContract(wagmiConfig, request);
        record = { ...record, phase: "pending", hash };
        upsert(record);
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash, chainId: parameters.chainId });
        if (receipt.status === "reverted") {
          record = { ...record, phase: "reverted", blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
          upsert(record);
          return undefined;
        }
        record = { ...record, phase: "mined", blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
        upsert(record);
        await queryClient.invalidateQueries();
        return receipt;
      } catch (error) {
        // The decoder carries every contract's error ABI: loaded on the first failure, not with the app.
        const { decodeError } = await import("./errors.ts");
        upsert({ ...record, phase: "failed", error: decodeError(error) });
        return undefined;
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [upsert, queryClient],
  ) as TransactionHandle["send"];

  const last = lastId === undefined ? undefined : records.find((r) => r.id === lastId);
  return { last, busy, send };
}
