// TLS and mutual TLS with certificates made by openssl at test time.
import assert from "node:assert/strict";
import { test } from "node:test";
import { status, type ServiceError } from "@grpc/grpc-js";
import { createTestCerts } from "../helpers/server-certs.js";
import { startHarness } from "../helpers/server-harness.js";
import { tempDir } from "../helpers/temp-dir.js";

const unavailable = (err: ServiceError): boolean => err.code === status.UNAVAILABLE;

test("TLS: a client trusting the CA streams; a plaintext client cannot connect", async (t) => {
  const c = createTestCerts(tempDir(t));
  const h = await startHarness(t, { server: { tls: { cert: c.serverCert, key: c.serverKey } }, client: { tls: { ca: c.ca }, maxRetries: 0 } });
  assert.deepEqual((await h.client.listDatasets()).map((d) => d.name), ["synth"]);
  let n = 0;
  for await (const b of h.client.streamBatches({ dataset: "synth", batchSize: 10, epochs: 1 })) n += b.ids.length;
  assert.equal(n, 40);
  await assert.rejects(h.newClient({ tls: undefined, unaryDeadlineMs: 2000 }).listDatasets(), (e: ServiceError) => unavailable(e) || e.code === status.DEADLINE_EXCEEDED);
});

test("mutual TLS: only clients with a certificate signed by the client CA get in", async (t) => {
  const c = createTestCerts(tempDir(t));
  const h = await startHarness(t, {
    server: { tls: { cert: c.serverCert, key: c.serverKey, clientCa: c.ca } },
    client: { tls: { ca: c.ca, cert: c.clientCert, key: c.clientKey }, maxRetries: 0 },
  });
  assert.equal((await h.client.listDatasets()).length, 1);
  await assert.rejects(h.newClient({ tls: { ca: c.ca }, unaryDeadlineMs: 2000 }).listDatasets(), (e: ServiceError) => unavailable(e) || e.code === status.DEADLINE_EXCEEDED);
});
