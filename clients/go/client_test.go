package loff_test

import (
	"bufio"
	"context"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	loff "loff/client"
	"loff/client/loffv1"
)

// The synthetic cache of test/conformance/plan.json: `npm test` passes its directory in
// LOFF_TEST_CACHE_DIR; run alone, TestMain builds one with Node.
const (
	train, val, grid, channels, classes = 40, 8, 4, 8, 4
)

var (
	repoRoot, _ = filepath.Abs("../..")
	cacheDir    string
	node        = envOr("LOFF_NODE", "node")
)

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func TestMain(m *testing.M) {
	cacheDir = os.Getenv("LOFF_TEST_CACHE_DIR")
	if cacheDir == "" {
		parent, err := os.MkdirTemp("", "loff-gotest-")
		if err != nil {
			panic(err)
		}
		cmd := exec.Command(node, "--import", "tsx", "test/conformance/make-cache.ts", parent)
		cmd.Dir = repoRoot
		out, err := cmd.Output()
		if err != nil {
			panic("building the test cache: " + err.Error())
		}
		cacheDir = strings.TrimSpace(string(out))
		code := m.Run()
		os.RemoveAll(parent)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// syntheticValue is the token value of test/helpers/synthetic-cache.ts, exact in fp16.
func syntheticValue(id, position, channel int) float32 {
	return float32((id*131+position*17+channel*7)%512)/64 - 4
}

type server struct {
	address string
	cmd     *exec.Cmd
}

var listening = regexp.MustCompile(` on (\S+:\d+)`)

// startServer runs `loff serve` on 127.0.0.1:0 and stops it (SIGTERM) when the test ends.
func startServer(t *testing.T, extra ...string) *server {
	t.Helper()
	args := append([]string{filepath.Join(repoRoot, "bin", "loff.mjs"), "serve", "--cache-dir", cacheDir, "--address", "127.0.0.1:0",
		"--device", "cpu", "--workers", "1", "--log-level", "warn"}, extra...)
	cmd := exec.Command(node, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd}
	t.Cleanup(s.stop)
	r := bufio.NewReader(stderr)
	for s.address == "" {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("loff serve exited before listening: %v", err)
		}
		if m := listening.FindStringSubmatch(line); m != nil {
			s.address = m[1]
		}
	}
	go io.Copy(io.Discard, r) // keep the pipe drained
	return s
}

func (s *server) stop() {
	if s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	}
}

func dial(t *testing.T, address string, o loff.Options) *loff.Client {
	t.Helper()
	c, err := loff.Dial(address, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func readAll(t *testing.T, s *loff.Stream, limit int) []*loff.Batch {
	t.Helper()
	defer s.Close()
	var out []*loff.Batch
	for limit <= 0 || len(out) < limit {
		b, err := s.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestUnaryCalls(t *testing.T) {
	srv := startServer(t)
	c := dial(t, srv.address, loff.Options{})
	ctx := context.Background()
	ds, err := c.ListDatasets(ctx)
	if err != nil || len(ds) != 1 || ds[0].Samples != train+val || ds[0].Channels != channels || ds[0].NumClasses != classes {
		t.Fatalf("ListDatasets = %v, %v", ds, err)
	}
	info, err := c.DatasetInfo(ctx, ds[0].Name)
	if err != nil || info.GridHeight != grid || len(info.Splits) != 2 || len(info.ChannelStd) != channels {
		t.Fatalf("DatasetInfo = %v, %v", info, err)
	}
	if _, err := c.DatasetInfo(ctx, "no-such-dataset"); status.Code(err) != codes.NotFound {
		t.Fatalf("unknown dataset: %v, want NOT_FOUND", err)
	}

	t.Run("ordered stream carries the cached values in both dtypes", func(t *testing.T) {
		req := &loffv1.StreamBatchesRequest{Dataset: ds[0].Name, BatchSize: 16, Epochs: 1, Dtype: loffv1.DataType_DATA_TYPE_FLOAT32}
		f32 := readAll(t, c.StreamBatches(ctx, req), 0)
		req.Dtype = loffv1.DataType_DATA_TYPE_FLOAT16
		f16 := readAll(t, c.StreamBatches(ctx, req), 0)
		if len(f32) != 3 || len(f16) != 3 || len(f32[2].SampleIDs) != 8 {
			t.Fatalf("got %d and %d batches, want 3 of 16, 16, 8", len(f32), len(f16))
		}
		n := grid * grid
		next := 0
		for bi, b := range f32 {
			if b.Tokens.DType != loffv1.DataType_DATA_TYPE_FLOAT32 || b.Tokens.Shape[1] != n || b.CLS == nil {
				t.Fatalf("batch %d: dtype %v shape %v", bi, b.Tokens.DType, b.Tokens.Shape)
			}
			v32, v16, cls := b.Tokens.Float32s(), f16[bi].Tokens.Float32s(), b.CLS.Float32s()
			for i, id := range b.SampleIDs {
				if int(id) != next || int(b.Labels[i]) != next%classes {
					t.Fatalf("sample %d: id %d label %d", next, id, b.Labels[i])
				}
				next++
				for p := 0; p < n; p++ {
					for ch := 0; ch < channels; ch++ {
						k := (i*n+p)*channels + ch
						if want := syntheticValue(int(id), p, ch); v32[k] != want || v16[k] != want {
							t.Fatalf("id %d token %d channel %d: fp32 %v fp16 %v, want %v", id, p, ch, v32[k], v16[k], want)
						}
					}
				}
				if cls[i*channels+3] != syntheticValue(int(id), n, 3) {
					t.Fatalf("id %d: wrong CLS", id)
				}
			}
		}
		if last := f32[2].Cursor; last.GetEpoch() != 1 || last.GetOffset() != 0 || last.GetFingerprint() == 0 {
			t.Fatalf("final cursor %v", last)
		}
	})

	t.Run("resuming from a cursor continues exactly", func(t *testing.T) {
		req := &loffv1.StreamBatchesRequest{Dataset: ds[0].Name, BatchSize: 6, Epochs: 2, Shuffle: true, Seed: 9,
			Augmentation: &loffv1.AugmentationPolicy{Preset: "loff-ta"}, Shard: &loffv1.Shard{Rank: 1, World: 3}}
		whole := readAll(t, c.StreamBatches(ctx, req), 0)
		head := readAll(t, c.StreamBatches(ctx, req), 2)
		resumed := proto.Clone(req).(*loffv1.StreamBatchesRequest)
		resumed.Start = head[1].Cursor
		got := append(head, readAll(t, c.StreamBatches(ctx, resumed), 0)...)
		if len(whole) != 6 || len(got) != len(whole) {
			t.Fatalf("got %d batches, want %d (= 6)", len(got), len(whole))
		}
		for i := range whole {
			if string(whole[i].Tokens.Data) != string(got[i].Tokens.Data) || whole[i].Epoch != got[i].Epoch {
				t.Fatalf("batch %d differs after resuming", i)
			}
		}
	})
}

func TestStreamResumesOnAnotherServerAfterShutdown(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	first, second := startServer(t, "--auth-token-file", tokenFile), startServer(t, "--auth-token-file", tokenFile)
	r := manual.NewBuilderWithScheme("loff-test")
	r.InitialState(resolver.State{Addresses: []resolver.Address{{Addr: first.address}}})
	var retries []codes.Code
	c := dial(t, "loff-test:///servers", loff.Options{
		Token: "s3cret", DialOptions: []grpc.DialOption{grpc.WithResolvers(r)},
		OnRetry: func(_ int, err error, _ time.Duration) { retries = append(retries, status.Code(err)) },
	})
	ds, _ := c.ListDatasets(context.Background())
	req := &loffv1.StreamBatchesRequest{Dataset: ds[0].Name, BatchSize: 4, Shuffle: true, Seed: 2} // endless
	s := c.StreamBatches(context.Background(), req)
	defer s.Close()
	var got [][]uint64
	for len(retries) == 0 || len(got) < 40 {
		b, err := s.Recv()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, b.SampleIDs)
		if len(got) > 1_000_000 {
			t.Fatal("the stream never noticed the shutdown")
		}
		if len(got) == 1 {
			r.UpdateState(resolver.State{Addresses: []resolver.Address{{Addr: second.address}}})
			first.stop()
		}
	}
	if retries[0] != codes.Unavailable {
		t.Fatalf("first retry after %v, want UNAVAILABLE", retries[0])
	}
	want := readAll(t, dial(t, second.address, loff.Options{Token: "s3cret"}).StreamBatches(context.Background(), req), len(got))
	for i := range got {
		if len(got[i]) != len(want[i].SampleIDs) {
			t.Fatalf("batch %d: %d samples, want %d", i, len(got[i]), len(want[i].SampleIDs))
		}
		for j := range got[i] {
			if got[i][j] != want[i].SampleIDs[j] {
				t.Fatalf("batch %d differs from the uninterrupted stream: %v vs %v", i, got[i], want[i].SampleIDs)
			}
		}
	}

	// A missing token is final: no retries.
	retries = nil
	noToken := dial(t, second.address, loff.Options{OnRetry: func(int, error, time.Duration) { retries = append(retries, codes.Unknown) }})
	if _, err := noToken.StreamBatches(context.Background(), req).Recv(); status.Code(err) != codes.Unauthenticated || len(retries) != 0 {
		t.Fatalf("without token: %v after %d retries, want UNAUTHENTICATED after none", err, len(retries))
	}
}

func TestFloat16ToFloat32(t *testing.T) {
	cases := map[uint16]float32{0x3c00: 1, 0xc000: -2, 0x7bff: 65504, 0x0001: float32(math.Ldexp(1, -24)), 0x8000: float32(math.Copysign(0, -1)), 0x3555: 0.333251953125}
	for h, want := range cases {
		if got := loff.Float16ToFloat32(h); got != want || math.Signbit(float64(got)) != math.Signbit(float64(want)) {
			t.Errorf("%#04x: got %v want %v", h, got, want)
		}
	}
	if !math.IsInf(float64(loff.Float16ToFloat32(0xfc00)), -1) || !math.IsNaN(float64(loff.Float16ToFloat32(0x7e00))) {
		t.Error("inf/nan")
	}
}

func TestBackoffAndOptions(t *testing.T) {
	b := loff.DefaultOptions().Backoff
	if d := b.Delay(1, func() float64 { return 1 }); d != 100*time.Millisecond {
		t.Errorf("first delay bound %v", d)
	}
	if d := b.Delay(40, func() float64 { return 1 }); d != 5*time.Second {
		t.Errorf("capped delay %v", d)
	}
	if d := b.Delay(3, func() float64 { return 0.5 }); d != 200*time.Millisecond {
		t.Errorf("jittered delay %v", d)
	}
	for _, bad := range []loff.Options{{KeepaliveTime: time.Second}, {Token: " "}, {FlowControlWindowBytes: 1000}, {Backoff: loff.Backoff{Initial: time.Second, Max: time.Millisecond, Multiplier: 2}}} {
		if _, err := loff.Dial("127.0.0.1:1", bad); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
}
