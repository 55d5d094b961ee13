// The deal's timeline: decoded events of the escrow, the holdback vault, the exclusivity registry, the rights
// certificate, the reputation contract and the court (its dispute's evidence and rulings), merged in chain order,
// with the documents each one names (a digest or an ipfs:// URI) so the page can fetch and verify them.
import type { Hex } from "viem";

export type Source = "escrow" | "vault" | "registry" | "certificate" | "reputation" | "court";

export interface RawEvent {
  readonly source: Source;
  readonly eventName: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly blockNumber: bigint;
  readonly logIndex: number;
  readonly transactionHash: Hex;
  /** Block time, unix seconds (when known). */
  readonly time?: number;
}

export interface DocRef {
  /** "brief" | "deliverable" | "note" | "evidence" | "comment" */
  readonly kind: string;
  /** A digest (0x…) or a CID / ipfs:// URI. */
  readonly ref: string;
}

export interface TimelineEntry extends RawEvent {
  readonly milestone?: number;
  readonly docs: readonly DocRef[];
}

const ZERO = `0x${"00".repeat(32)}`;

/** The documents an event names. */
export function docsOf(event: RawEvent): DocRef[] {
  const a = event.args;
  switch (event.eventName) {
    case "DealCreated": {
      const terms = a.terms as { briefHash?: string } | undefined;
      return terms?.briefHash && terms.briefHash !== ZERO ? [{ kind: "brief", ref: terms.briefHash }] : [];
    }
    case "DeliverableSubmitted":
      return [{ kind: "deliverable", ref: String(a.contentHash || a.contentURI) }];
    case "RevisionRequested":
      return a.noteHash && a.noteHash !== ZERO ? [{ kind: "note", ref: String(a.noteHash) }] : [];
    case "Evidence":
      return [{ kind: "evidence", ref: String(a._evidence) }];
    case "BreachClaimFiled":
      return a.evidence ? [{ kind: "evidence", ref: String(a.evidence) }] : [];
    case "Rated":
      return a.commentHash && a.commentHash !== ZERO ? [{ kind: "comment", ref: String(a.commentHash) }] : [];
    default:
      return [];
  }
}

/** Merges events from several contracts into one list in chain order (block, then log index), oldest first. */
export function buildTimeline(events: readonly RawEvent[]): TimelineEntry[] {
  return [...events]
    .sort((x, y) => (x.blockNumber === y.blockNumber ? x.logIndex - y.logIndex : x.blockNumber < y.blockNumber ? -1 : 1))
    .map((event) => {
      const m = event.args.milestone;
      return {
        ...event,
        ...(typeof m === "bigint" || typeof m === "number" ? { milestone: Number(m) } : {}),
        docs: docsOf(event),
      };
    });
}

/** The court dispute ids of a deal, from its escrow events (DisputeCreated) and holdback breach claims. */
export function disputeIdsOf(events: readonly RawEvent[]): bigint[] {
  const ids = new Set<bigint>();
  for (const e of events) {
    if ((e.eventName === "DisputeCreated" || e.eventName === "BreachClaimFiled") && typeof e.args.disputeId === "bigint") {
      ids.add(e.args.disputeId);
    }
  }
  return [...ids];
}
