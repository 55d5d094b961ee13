// The documents a deal's parties write (deliverables, revision notes, evidence, rating comments), built from the
// forms' fields and validated per field before anything is stored or sent. Shapes follow
// scripts/lib/docstore/schemas (deliverable.v1, evidence.v1); notes and comments are small documents of their own.
import type { Hex } from "viem";
import {
  parseChannel,
  parseHttpsUrl,
  parsePostedAt,
  parseText,
  type Channel,
} from "./validate.ts";

export type FieldErrors = Readonly<Record<string, string>>;
export type Built<T> = { readonly ok: true; readonly document: T } | { readonly ok: false; readonly errors: FieldErrors };

export interface DeliverableItemInput {
  readonly channel: string;
  readonly format: string;
  readonly url: string;
  readonly postedAt: string;
}

export interface DeliverableDocument {
  readonly schema: "ispera.deliverable";
  readonly version: 1;
  readonly dealId: Hex;
  readonly milestone: number;
  readonly items: readonly { channel: Channel; format: string; url: string; postedAt: number }[];
  readonly note?: string;
}

/** The deliverable of milestone `milestone`: its published items (1 to 16) and an optional note. */
export function buildDeliverable(
  dealId: Hex,
  milestone: number,
  items: readonly DeliverableItemInput[],
  note: string,
  nowSeconds: number,
): Built<DeliverableDocument> {
  const errors: Record<string, string> = {};
  if (items.length === 0 || items.length > 16) errors.items = "itemCount";
  const parsed = items.map((item, i) => {
    const channel = parseChannel(item.channel);
    const format = parseText(item.format, 64);
    const url = parseHttpsUrl(item.url);
    // The chain's clock may run ahead of the browser's; a post is accepted up to a day after the later of the two.
    const postedAt = parsePostedAt(item.postedAt, nowSeconds + 86_400);
    if (!channel.ok) errors[`items.${i}.channel`] = channel.error;
    if (!format.ok) errors[`items.${i}.format`] = format.error;
    if (!url.ok) errors[`items.${i}.url`] = url.error;
    if (!postedAt.ok) errors[`items.${i}.postedAt`] = postedAt.error;
    return channel.ok && format.ok && url.ok && postedAt.ok
      ? { channel: channel.value, format: format.value, url: url.value, postedAt: postedAt.value }
      : undefined;
  });
  const noteText = parseText(note, 4000, true);
  if (!noteText.ok) errors.note = noteText.error;
  if (Object.keys(errors).length > 0 || !noteText.ok) return { ok: false, errors };
  const document: DeliverableDocument = {
    schema: "ispera.deliverable",
    version: 1,
    dealId: dealId.toLowerCase() as Hex,
    milestone,
    items: parsed.filter((p) => p !== undefined),
    ...(noteText.value ? { note: noteText.value } : {}),
  };
  return { ok: true, document };
}

export interface EvidenceDocument {
  readonly schema: "ispera.evidence";
  readonly version: 1;
  readonly dealId: Hex;
  readonly disputeId?: string;
  readonly party: "brand" | "influencer";
  readonly name: string;
  readonly description: string;
}

export function buildEvidence(
  dealId: Hex,
  party: "brand" | "influencer",
  name: string,
  description: string,
  disputeId?: bigint,
): Built<EvidenceDocument> {
  const errors: Record<string, string> = {};
  const title = parseText(name, 120);
  const text = parseText(description, 8000);
  if (!title.ok) errors.name = title.error;
  if (!text.ok) errors.description = text.error;
  if (!title.ok || !text.ok) return { ok: false, errors };
  return {
    ok: true,
    document: {
      schema: "ispera.evidence",
      version: 1,
      dealId: dealId.toLowerCase() as Hex,
      ...(disputeId !== undefined ? { disputeId: disputeId.toString() } : {}),
      party,
      name: title.value,
      description: text.value,
    },
  };
}

export interface NoteDocument {
  readonly schema: "ispera.revisionNote";
  readonly version: 1;
  readonly dealId: Hex;
  readonly milestone: number;
  readonly text: string;
}

/** The brand's revision note: what to change (1 to 4000 characters). */
export function buildRevisionNote(dealId: Hex, milestone: number, text: string): Built<NoteDocument> {
  const parsed = parseText(text, 4000);
  if (!parsed.ok) return { ok: false, errors: { note: parsed.error } };
  return { ok: true, document: { schema: "ispera.revisionNote", version: 1, dealId: dealId.toLowerCase() as Hex, milestone, text: parsed.value } };
}

export interface CommentDocument {
  readonly schema: "ispera.ratingComment";
  readonly version: 1;
  readonly dealId: Hex;
  readonly score: number;
  readonly text: string;
}

/** A rating's optional comment: undefined when empty (the rating then carries no comment hash). */
export function buildComment(dealId: Hex, score: number, text: string): Built<CommentDocument | undefined> {
  const parsed = parseText(text, 2000, true);
  if (!parsed.ok) return { ok: false, errors: { comment: parsed.error } };
  if (parsed.value === "") return { ok: true, document: undefined };
  return { ok: true, document: { schema: "ispera.ratingComment", version: 1, dealId: dealId.toLowerCase() as Hex, score, text: parsed.value } };
}
