// grpc.health.v1 for the server: "" (the whole server), "loff.v1.FeatureService" and one name
// per dataset, "loff.v1.FeatureService/<dataset>" (docs/protocol.md).
import { HealthImplementation, type ServingStatus } from "grpc-health-check";

/** The service name of the FeatureService. */
export const FEATURE_SERVICE_NAME = "loff.v1.FeatureService";

/** The health service name of one dataset. */
export function datasetHealthName(dataset: string): string {
  return `${FEATURE_SERVICE_NAME}/${dataset}`;
}

/** Health state of a server. */
export interface ServerHealth {
  readonly implementation: HealthImplementation;
  /** Sets every name to `status`. */
  setAll(status: ServingStatus): void;
}

/** Creates the health service with every name SERVING. */
export function createServerHealth(datasets: readonly string[]): ServerHealth {
  const names = ["", FEATURE_SERVICE_NAME, ...datasets.map(datasetHealthName)];
  const implementation = new HealthImplementation(Object.fromEntries(names.map((n) => [n, "SERVING" as ServingStatus])));
  return {
    implementation,
    setAll(status) {
      for (const n of names) implementation.setStatus(n, status);
    },
  };
}
