// A record's summary: its label, split and the per-channel sum and sum of squares of its tokens,
// stored beside the record (database `summaries`, docs/cache-format.md). Extraction computes them in
// its worker threads, so finishing a cache reads these few KB per record instead of every record,
// and the train statistics are the same sums added in id order however many runs made the cache.
import { float16Table } from "../contract/float16.js";
import { SPLITS, type SplitName } from "./manifest.js";
import type { FeatureRecord } from "./record.js";

/** Bytes before the sums: label (i32 LE), split code (u8), 3 reserved zero bytes. */
export const SUMMARY_HEADER_BYTES = 8;

/** Per-channel sums of one record's tokens. */
export interface TokenSums {
  sum: Float64Array;
  sumSq: Float64Array;
}

/** A decoded summary. */
export interface RecordSummary extends TokenSums {
  label: number;
  split: SplitName;
}

/**
 * Per-channel sum and sum of squares of fp16 tokens [N, C] in float64, token by token in order (so
 * the same record always gives the same bits), into `out` when given (C floats each, overwritten).
 */
export function sumTokens(tokens: Uint16Array, channels: number, out?: TokenSums): TokenSums {
  const c = channels;
  if (tokens.length % c !== 0) throw new RangeError(`${tokens.length} values is not a multiple of ${c} channels`);
  const sum = out?.sum.fill(0) ?? new Float64Array(c);
  const sumSq = out?.sumSq.fill(0) ?? new Float64Array(c);
  const t = float16Table();
  for (let i = 0; i < tokens.length; i += c) {
    for (let k = 0; k < c; k++) {
      const h = tokens[i + k] as number;
      // +0 adds nothing (and is most of a ReLU feature map): skipping it changes no sum.
      if (h === 0) continue;
      const v = t[h] as number;
      sum[k] = (sum[k] as number) + v;
      sumSq[k] = (sumSq[k] as number) + v * v;
    }
  }
  return { sum, sumSq };
}

/** Encodes a summary: header, then C float64 sums and C float64 sums of squares (little-endian). */
export function encodeSummary(label: number, split: SplitName, sums: TokenSums): Buffer {
  const c = sums.sum.length;
  if (sums.sumSq.length !== c) throw new RangeError(`sum has ${c} channels, sumSq ${sums.sumSq.length}`);
  const buf = Buffer.alloc(SUMMARY_HEADER_BYTES + 16 * c);
  buf.writeInt32LE(label, 0);
  buf.writeUInt8(SPLITS.indexOf(split), 4);
  for (let k = 0; k < c; k++) {
    buf.writeDoubleLE(sums.sum[k] as number, SUMMARY_HEADER_BYTES + 8 * k);
    buf.writeDoubleLE(sums.sumSq[k] as number, SUMMARY_HEADER_BYTES + 8 * (c + k));
  }
  return buf;
}

/** Decodes a summary of `channels` channels; undefined when its size or split code is off. */
export function decodeSummary(buf: Uint8Array, channels: number): RecordSummary | undefined {
  if (buf.length !== SUMMARY_HEADER_BYTES + 16 * channels) return undefined;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const split = SPLITS[b.readUInt8(4)];
  if (split === undefined) return undefined;
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  for (let k = 0; k < channels; k++) {
    sum[k] = b.readDoubleLE(SUMMARY_HEADER_BYTES + 8 * k);
    sumSq[k] = b.readDoubleLE(SUMMARY_HEADER_BYTES + 8 * (channels + k));
  }
  return { label: b.readInt32LE(0), split, sum, sumSq };
}

/** Why a stored summary disagrees with its record (verification), or undefined when it agrees. */
export function summaryProblem(stored: Uint8Array, record: FeatureRecord): string | undefined {
  const s = decodeSummary(stored, record.channels);
  if (s === undefined) return "summary is malformed";
  if (s.label !== record.label || s.split !== record.split) return "summary's label or split differs from the record";
  const r = sumTokens(record.tokens, record.channels);
  for (let k = 0; k < record.channels; k++) {
    if (r.sum[k] !== s.sum[k] || r.sumSq[k] !== s.sumSq[k]) return "summary's channel sums differ from the record";
  }
  return undefined;
}
