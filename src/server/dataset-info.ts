// Contract messages describing datasets (ListDatasets, GetDatasetInfo), built from manifests.
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import type { DatasetInfo, DatasetSummary } from "../gen/loff/v1/feature_service.js";
import { DataType } from "../gen/loff/v1/tensor.js";
import type { Dataset } from "./dataset-registry.js";

/** The ListDatasets entry of a dataset. */
export function datasetSummary(d: Dataset): DatasetSummary {
  const m = d.reader.manifest;
  const samples = Object.values(m.splits).reduce((a, s) => a + (s?.samples ?? 0), 0);
  return {
    name: d.name,
    samples,
    gridHeight: m.gridHeight,
    gridWidth: m.gridWidth,
    channels: m.channels,
    numClasses: m.labelNames.length,
  };
}

/** The GetDatasetInfo description of a dataset; `presets` are the expanded augmentation presets. */
export function datasetInfo(d: Dataset, presets: ReadonlyArray<{ name: string; policy: AugmentationPolicy }>): DatasetInfo {
  const m = d.reader.manifest;
  return {
    name: d.name,
    formatVersion: m.formatVersion,
    gridHeight: m.gridHeight,
    gridWidth: m.gridWidth,
    channels: m.channels,
    storedDtype: DataType.DATA_TYPE_FLOAT16,
    extractionPool: m.pool,
    labelNames: [...m.labelNames],
    splits: d.reader.splitNames().map((name) => ({
      name,
      samples: m.splits[name]?.samples ?? 0,
      classCounts: [...(m.splits[name]?.classCounts ?? [])],
    })),
    channelMean: Array.from(d.channelMean),
    channelStd: Array.from(d.channelStd),
    model: {
      preset: m.model.preset,
      family: m.model.family,
      onnxSha256: m.model.onnxSha256,
      inputHeight: m.model.inputHeight,
      inputWidth: m.model.inputWidth,
      resize: m.model.resize,
      resizeShorter: m.model.resizeShorter ?? 0,
      inputLayout: m.model.inputLayout,
      resampler: m.model.resampler ?? "",
      pixelMean: [...m.model.pixelMean],
      pixelStd: [...m.model.pixelStd],
      outputNode: m.model.outputNode,
    },
    sizeBytes: d.reader.sizeBytes(),
    createdAt: m.createdAt,
    presets: presets.map((p) => ({ name: p.name, policy: p.policy })),
  };
}
