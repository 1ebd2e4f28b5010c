// Generates the Grafana dashboard deploy/grafana/dashboards/loff.json from code: queries are written
// once here, apart from the panel layout; the uid is fixed so links survive regeneration. A test
// fails when the committed JSON differs from what this produces (`npm run gen:dashboard` to update).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface PanelSpec {
  title: string;
  unit: string;
  queries: Array<{ expr: string; legend: string }>;
  description: string;
}

/** Queries, grouped by the question an operator asks. */
const ROWS: Array<{ title: string; panels: PanelSpec[] }> = [
  {
    title: "Feature server",
    panels: [
      {
        title: "Samples served / s",
        unit: "ops",
        description: "Samples handed to gRPC per second, by dataset and device.",
        queries: [{ expr: 'sum by (dataset, device) (rate(loff_stream_samples_total[$__rate_interval]))', legend: "{{dataset}} {{device}}" }],
      },
      {
        title: "Bytes served / s",
        unit: "Bps",
        description: "Protobuf message bytes per second.",
        queries: [{ expr: "sum by (dataset) (rate(loff_stream_bytes_total[$__rate_interval]))", legend: "{{dataset}}" }],
      },
      {
        title: "Active streams",
        unit: "short",
        description: "Streams being served now.",
        queries: [{ expr: "sum by (dataset) (loff_active_streams)", legend: "{{dataset}}" }],
      },
      {
        title: "Stage time per batch (p50)",
        unit: "s",
        description: "Median time of each stream stage; augment dominating means the GPU executor or more workers help.",
        queries: [
          {
            expr: "histogram_quantile(0.5, sum by (le, stage) (rate(loff_stream_stage_duration_seconds_bucket[$__rate_interval])))",
            legend: "{{stage}}",
          },
        ],
      },
      {
        title: "Backpressure and lag",
        unit: "short",
        description: "Consumer lag (un-flushed messages) and buffered bytes: high values mean trainers read slower than the server produces.",
        queries: [
          { expr: "sum(loff_stream_buffer_bytes)", legend: "buffered bytes" },
          { expr: "histogram_quantile(0.9, sum by (le) (rate(loff_stream_consumer_lag_messages_bucket[$__rate_interval])))", legend: "lag p90" },
        ],
      },
      {
        title: "RPC outcomes / s",
        unit: "ops",
        description: "Completed RPCs by status code (standard grpc_server_* metrics).",
        queries: [{ expr: 'sum by (grpc_method, grpc_code) (rate(grpc_server_handled_total{grpc_service="loff.v1.FeatureService"}[$__rate_interval]))', legend: "{{grpc_method}} {{grpc_code}}" }],
      },
    ],
  },
  {
    title: "Trainers",
    panels: [
      {
        title: "Training loss",
        unit: "short",
        description: "Loss of each trainer run.",
        queries: [{ expr: "loff_trainer_loss", legend: "{{instance}} {{run}}" }],
      },
      {
        title: "Accuracy",
        unit: "percentunit",
        description: "Accuracy by split.",
        queries: [{ expr: "loff_trainer_accuracy", legend: "{{instance}} {{run}} {{split}}" }],
      },
      {
        title: "Trainer samples / s",
        unit: "ops",
        description: "Training throughput.",
        queries: [{ expr: "loff_trainer_samples_per_second", legend: "{{instance}} {{run}}" }],
      },
      {
        title: "Input wait fraction",
        unit: "percentunit",
        description: "Share of wall time a trainer blocks on its stream: near 1 means data-bound.",
        queries: [{ expr: "rate(loff_trainer_input_wait_seconds_sum[$__rate_interval])", legend: "{{instance}} {{run}}" }],
      },
    ],
  },
];

/** Builds the dashboard JSON model. */
export function buildDashboard(): Record<string, unknown> {
  const panels: Array<Record<string, unknown>> = [];
  let id = 1;
  let y = 0;
  for (const row of ROWS) {
    panels.push({ id: id++, type: "row", title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y } });
    y += 1;
    row.panels.forEach((p, i) => {
      panels.push({
        id: id++,
        type: "timeseries",
        title: p.title,
        description: p.description,
        datasource: { type: "prometheus", uid: "${datasource}" },
        fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
        gridPos: { h: 8, w: 8, x: (i % 3) * 8, y: y + Math.floor(i / 3) * 8 },
        targets: p.queries.map((q, k) => ({ refId: String.fromCharCode(65 + k), expr: q.expr, legendFormat: q.legend })),
      });
    });
    y += Math.ceil(row.panels.length / 3) * 8;
  }
  return {
    uid: "loff-overview",
    title: "loff — feature server and trainers",
    tags: ["loff"],
    timezone: "utc",
    schemaVersion: 39,
    version: 1,
    refresh: "10s",
    time: { from: "now-1h", to: "now" },
    templating: {
      list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Prometheus" }],
    },
    panels,
  };
}

/** Where the dashboard is committed. */
export const DASHBOARD_PATH = fileURLToPath(new URL("../deploy/grafana/dashboards/loff.json", import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DASHBOARD_PATH, `${JSON.stringify(buildDashboard(), null, 2)}\n`);
  console.log(`wrote ${DASHBOARD_PATH}`);
}
