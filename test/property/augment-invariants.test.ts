// Invariants of the augmentation engine over random shapes, policies and seeds.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { createPlanner } from "../../src/augment/planner.js";
import { resolvePolicy } from "../../src/augment/policy.js";
import type { AugmentationOp } from "../../src/gen/loff/v1/augmentation.js";
import { fromFloat16 } from "../../src/contract/float16.js";
import { augment, grid, ops } from "../unit/augment/fixtures.js";

const shapeArb = fc.record({
  height: fc.integer({ min: 1, max: 6 }),
  width: fc.integer({ min: 1, max: 6 }),
  channels: fc.constantFrom(1, 3, 4, 8),
});

const opArb: fc.Arbitrary<NonNullable<AugmentationOp["op"]>> = fc.oneof(
  fc.record({ $case: fc.constant("horizontalFlip" as const), value: fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }) }) }),
  fc.record({ $case: fc.constant("verticalFlip" as const), value: fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }) }) }),
  fc.record({
    $case: fc.constant("randomResizedCrop" as const),
    value: fc.record({ scaleMin: fc.double({ min: 0.1, max: 1, noNaN: true }), scaleMax: fc.constant(2) }),
  }),
  fc.record({ $case: fc.constant("translate" as const), value: fc.record({ maxFraction: fc.double({ min: 0, max: 1, noNaN: true }) }) }),
  fc.record({ $case: fc.constant("trivialAugment" as const), value: fc.constant({}) }),
);
const pointwiseArb: fc.Arbitrary<NonNullable<AugmentationOp["op"]>> = fc.oneof(
  fc.record({ $case: fc.constant("gaussianNoise" as const), value: fc.record({ sigma: fc.double({ min: 0, max: 2, noNaN: true }) }) }),
  fc.record({ $case: fc.constant("brightnessContrast" as const), value: fc.constant({}) }),
  fc.record({ $case: fc.constant("tokenDropout" as const), value: fc.record({ rate: fc.double({ min: 0, max: 0.9, noNaN: true }) }) }),
);

test("flipping twice is the identity", async () => {
  await fc.assert(
    fc.asyncProperty(shapeArb, fc.integer({ min: 0, max: 1000 }), fc.constantFrom("horizontalFlip" as const, "verticalFlip" as const), async (s, seed, flip) => {
      const input = grid(2, s, (b, y, x, c) => b * 100 + y * 10 + x + c / 8);
      const flipOp = { $case: flip, value: { p: 1 } };
      const out = await augment(ops(flipOp, flipOp), s, input, { seed });
      assert.deepEqual(out.tokens, input);
    }),
    { numRuns: 30 },
  );
});

test("a full-size crop without noise is the identity", async () => {
  await fc.assert(
    fc.asyncProperty(shapeArb, fc.integer({ min: 0, max: 1000 }), async (s, seed) => {
      const input = grid(2, s, (b, y, x, c) => Math.cos(b + y * 3 + x * 5 + c));
      const crop = { $case: "randomResizedCrop" as const, value: { scaleMin: 1, scaleMax: 1, logRatioMin: 0, logRatioMax: 0 } };
      assert.deepEqual((await augment(ops(crop), s, input, { seed })).tokens, input);
    }),
    { numRuns: 30 },
  );
});

test("outputs are finite and of the declared shape for any valid policy", async () => {
  await fc.assert(
    fc.asyncProperty(shapeArb, fc.array(opArb, { maxLength: 3 }), fc.array(pointwiseArb, { maxLength: 3 }), fc.nat(), async (s, sp, pw, seed) => {
      const input = grid(3, s, (b, y, x, c) => Math.sin(b + y + x * 2 + c * 3) * 10);
      const out = await augment(ops(...sp, ...pw), s, input, { seed, std: 0.5 });
      assert.equal(out.tokens.length, input.length);
      for (const v of out.tokens) assert.ok(Number.isFinite(fromFloat16(v)));
    }),
    { numRuns: 40 },
  );
});

test("parameters depend only on (seed, epoch, id, op): order and company do not matter", () => {
  fc.assert(
    fc.property(fc.nat(), fc.nat({ max: 100 }), fc.uniqueArray(fc.nat({ max: 1e6 }), { minLength: 2, maxLength: 8 }), (seed, epoch, ids) => {
      const s = { height: 4, width: 4, channels: 8 };
      const policy = resolvePolicy("loff-ta", s);
      const snap = (p: ReturnType<ReturnType<typeof createPlanner>["planSample"]>): string =>
        JSON.stringify([[...p.box], p.steps.map((st) => (st.kind === "noise" ? [st.active, [...st.offsets]] : st.active))]);
      const a = createPlanner(policy);
      const forward = ids.map((id) => snap(a.planSample(seed, epoch, id)));
      const b = createPlanner(policy);
      const backward = [...ids].reverse().map((id) => snap(b.planSample(seed, epoch, id))).reverse();
      assert.deepEqual(backward, forward);
      // A different epoch or seed changes the parameters.
      assert.notEqual(snap(b.planSample(seed, epoch + 1, ids[0] as number)), forward[0]);
    }),
    { numRuns: 50 },
  );
});
