// Policy resolution, presets and the CLI's JSON form, including precise errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PRESETS, PolicyError, policyFromJson, policyToJson, resolvePolicy } from "../../src/augment/index.js";

const S = { height: 16, width: 16, channels: 768 };

function policyError(fn: () => unknown, opIndex: number | undefined, field: string | undefined, text: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PolicyError, String(e));
    assert.equal(e.opIndex, opIndex);
    assert.equal(e.field, field);
    assert.match(e.message, text);
    return true;
  });
}

test("presets expand with every default written out, floats as float32", () => {
  const p = resolvePolicy("loff-ta", S);
  assert.equal(p.preset, "loff-ta");
  assert.equal(p.identity, false);
  assert.deepEqual(
    p.policy.ops.map((o) => o.op?.$case),
    ["horizontalFlip", "randomResizedCrop", "gaussianNoise"],
  );
  const crop = p.policy.ops[1]?.op;
  assert.ok(crop?.$case === "randomResizedCrop");
  assert.equal(crop.value.logRatioMin, Math.fround(Math.log(3 / 4)));
  assert.deepEqual(resolvePolicy(PRESETS.get("loff-ta") as never, S).policy.ops, p.policy.ops);
  assert.deepEqual([...PRESETS.keys()], ["none", "loff-ta", "loff-ta-trivial"]);
  assert.equal(resolvePolicy(undefined, S).identity, true);
  assert.equal(resolvePolicy("", S).preset, "none");
  assert.equal(resolvePolicy("loff-ta-trivial", S).policy.ops.length, 2);
});

test("absent fields take the documented defaults", () => {
  const p = resolvePolicy({ preset: "", ops: [{ op: { $case: "gaussianNoise", value: {} } }, { op: { $case: "tokenDropout", value: {} } }] }, S);
  assert.deepEqual(p.policy.ops[0]?.op?.value, { p: 1, sigma: Math.fround(0.1), applyToCls: true });
  assert.deepEqual(p.policy.ops[1]?.op?.value, { p: 1, rate: Math.fround(0.1) });
  assert.equal(resolvePolicy({ preset: "", ops: [{ op: { $case: "horizontalFlip", value: { p: 0 } } }] }, S).identity, true);
});

test("invalid policies name the op index, op and field", () => {
  const one = (op: never): { preset: string; ops: never[] } => ({ preset: "", ops: [{ op } as never] });
  policyError(() => resolvePolicy(one({ $case: "horizontalFlip", value: { p: 1.5 } } as never), S), 0, "p", /ops\[0\]\.p: horizontalFlip\.p/);
  policyError(() => resolvePolicy(one({ $case: "randomResizedCrop", value: { scaleMin: 0.9, scaleMax: 0.5 } } as never), S), 0, "scaleMax", /scaleMax/);
  policyError(() => resolvePolicy(one({ $case: "gaussianNoise", value: { sigma: -1 } } as never), S), 0, "sigma", /sigma/);
  policyError(() => resolvePolicy(one({ $case: "tokenDropout", value: { rate: 1 } } as never), S), 0, "rate", /rate/);
  policyError(() => resolvePolicy(one({ $case: "trivialAugment", value: { numMagnitudeBins: 1 } } as never), S), 0, "numMagnitudeBins", /integer/);
  policyError(() => resolvePolicy({ preset: "", ops: [{ op: undefined }] }, S), 0, undefined, /no operation/);
  policyError(() => resolvePolicy("imagenet", S), undefined, undefined, /unknown preset "imagenet"/);
  policyError(() => resolvePolicy({ preset: "loff-ta", ops: [{ op: { $case: "horizontalFlip", value: {} } }] }, S), undefined, undefined, /one or the other/);
  policyError(
    () =>
      resolvePolicy(
        { preset: "", ops: [{ op: { $case: "gaussianNoise", value: {} } }, { op: { $case: "horizontalFlip", value: {} } }] },
        S,
      ),
    1,
    undefined,
    /horizontalFlip is spatial but follows the pointwise op gaussianNoise at ops\[0\]/,
  );
  policyError(() => resolvePolicy("loff-ta", { height: 0, width: 16, channels: 768 }), undefined, undefined, /height/);
});

test("JSON form: presets, proto3 JSON (camel or snake case), friendly op lists", () => {
  assert.deepEqual(policyFromJson('"loff-ta"'), { preset: "loff-ta", ops: [] });
  assert.deepEqual(policyFromJson('{"preset":"none"}'), { preset: "none", ops: [] });
  const a = policyFromJson('{"ops":[{"horizontalFlip":{"p":0.5}},{"random_resized_crop":{"scale_min":0.3}}]}');
  const b = policyFromJson('[{"op":"horizontal_flip","p":0.5},{"op":"randomResizedCrop","scaleMin":0.3}]');
  assert.deepEqual(a, b);
  assert.deepEqual(a.ops[1], { op: { $case: "randomResizedCrop", value: { scaleMin: 0.3 } } });
  const round = policyFromJson(policyToJson(resolvePolicy("loff-ta", S).policy));
  assert.deepEqual(resolvePolicy({ ...round, preset: "" }, S).policy.ops, resolvePolicy("loff-ta", S).policy.ops);
});

test("JSON form errors name the op index and field", () => {
  policyError(() => policyFromJson("{"), undefined, undefined, /not valid JSON/);
  policyError(() => policyFromJson('[{"op":"rotate"}]'), 0, undefined, /unknown op "rotate"/);
  policyError(() => policyFromJson('[{"op":"translate"},{"op":"gaussian_noise","sigam":1}]'), 1, "sigam", /no field "sigam"/);
  policyError(() => policyFromJson('[{"gaussianNoise":{"applyToCls":1}}]'), 0, "applyToCls", /boolean/);
  policyError(() => policyFromJson('{"ops":[], "seed": 1}'), undefined, undefined, /unknown policy key "seed"/);
});
