// Server reflection lists the services (what grpcurl asks first) and serves loff.v1's descriptors.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { credentials, loadPackageDefinition, type Client } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { startHarness } from "../helpers/server-harness.js";

type ReflectionStream = {
  on(e: "data", f: (r: Record<string, unknown>) => void): void;
  on(e: "error", f: (err: Error) => void): void;
  write(r: object): void;
  end(): void;
};

test("reflection lists FeatureService and resolves loff.v1 symbols", async (t) => {
  const h = await startHarness(t);
  const root = join(dirname(createRequire(import.meta.url).resolve("@grpc/reflection")), "..", "proto");
  const pkg = loadPackageDefinition(loadSync("grpc/reflection/v1/reflection.proto", { includeDirs: [root], keepCase: true })) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (a: string, c: ReturnType<typeof credentials.createInsecure>) => Client & { ServerReflectionInfo(): ReflectionStream } } } };
  };
  const c = new pkg.grpc.reflection.v1.ServerReflection(`127.0.0.1:${h.server.port}`, credentials.createInsecure());
  t.after(() => c.close());
  const ask = (req: object): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const s = c.ServerReflectionInfo();
      s.on("data", (r) => {
        resolve(r);
        s.end();
      });
      s.on("error", reject);
      s.write(req);
    });
  const list = (await ask({ list_services: "" })) as { list_services_response: { service: Array<{ name: string }> } };
  const names = list.list_services_response.service.map((s) => s.name);
  assert.ok(names.includes("loff.v1.FeatureService"), names.join(","));
  const file = (await ask({ file_containing_symbol: "loff.v1.StreamBatchesRequest" })) as { file_descriptor_response?: { file_descriptor_proto: Buffer[] } };
  assert.ok((file.file_descriptor_response?.file_descriptor_proto.length ?? 0) > 0);
});
