// Summarise a tx's struct-log trace: gas by contract frame and by opcode class.
export async function analyze(provider: { send(m: string, p: unknown[]): Promise<unknown> }, hash: string, names: Map<string, string>): Promise<string> {
  const t = (await provider.send("debug_traceTransaction", [hash, { disableMemory: true, disableStorage: true, disableStack: false }])) as {
    gas: number;
    structLogs: { op: string; gas: number; gasCost: number; depth: number; stack?: string[] }[];
  };
  const logs = t.structLogs;
  const stack: string[] = ["tx"];
  const byFrame = new Map<string, number>();
  const byOp = new Map<string, number>();
  let sstores = 0, sloads = 0;
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i]!;
    const frame = stack[l.depth - 1] ?? "?";
    let cost = l.gasCost;
    if (["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"].includes(l.op)) {
      const st = l.stack ?? [];
      const to = "0x" + (st[st.length - 2] ?? "").replace(/^0x/, "").padStart(40, "0").slice(-40);
      const nm = names.get(to.toLowerCase()) ?? to.slice(0, 10);
      const next = logs[i + 1];
      if (next && next.depth > l.depth) {
        stack[l.depth] = (l.op === "DELEGATECALL" ? frame + ">" : "") + nm;
        // overhead = gas before - gas available to child
        cost = l.gas - next.gas;
        // find return to this depth
        let j = i + 1; while (j < logs.length && logs[j]!.depth > l.depth) j++;
        const after = logs[j];
        const childUsed = next.gas - (after ? after.gas - (l.gas - next.gas) - 0 : 0);
        cost = after ? l.gas - after.gas - childUsedOf(logs, i + 1, l.depth) : cost;
      }
      byOp.set("CALL-overhead", (byOp.get("CALL-overhead") ?? 0) + cost);
    } else {
      const cls = l.op.startsWith("LOG") ? "LOG" : ["SSTORE", "SLOAD", "KECCAK256", "TLOAD", "TSTORE"].includes(l.op) ? l.op : l.op.startsWith("PUSH") || l.op.startsWith("DUP") || l.op.startsWith("SWAP") ? "stack" : "other";
      byOp.set(cls, (byOp.get(cls) ?? 0) + cost);
      if (l.op === "SSTORE") { sstores++; if (process.env.SST) console.log("    SSTORE", frame, (l.stack ?? [])[(l.stack ?? []).length - 1]?.slice(-12), l.gasCost); }
      if (l.op === "SLOAD") sloads++;
    }
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + cost);
  }
  const fmt = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(" ");
  return `  frames: ${fmt(byFrame)}\n  ops: ${fmt(byOp)} (sstore ${sstores}, sload ${sloads})`;
}
function childUsedOf(logs: { gas: number; gasCost: number; depth: number }[], start: number, parentDepth: number): number {
  // gas consumed by child frame = first gas in child - gas at end of child (last op gas - cost)
  let j = start; let last = start;
  while (j < logs.length && logs[j]!.depth > parentDepth) { if (logs[j]!.depth === parentDepth + 1) last = j; j++; }
  const first = logs[start]!.gas; const l = logs[last]!;
  return first - (l.gas - l.gasCost);
}
