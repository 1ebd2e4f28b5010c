// Command loff-conformance reads the StreamBatches cases of a conformance plan
// (test/conformance/plan.json) from a server and prints, per batch, the cursor and per sample the
// id, label and sha256 of the tensor bytes, as JSON; the TypeScript and Python runners print the
// same document, and test/conformance compares them.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	loff "loff/client"
	"loff/client/loffv1"
)

type planRequest struct {
	Split        string                        `json:"split"`
	BatchSize    uint32                        `json:"batchSize"`
	Seed         uint64                        `json:"seed"`
	Epochs       uint32                        `json:"epochs"`
	Shuffle      bool                          `json:"shuffle"`
	Shard        *struct{ Rank, World uint32 } `json:"shard"`
	Augmentation string                        `json:"augmentation"`
	DType        string                        `json:"dtype"`
	Layout       string                        `json:"layout"`
	IncludeCls   *bool                         `json:"includeCls"`
	DropLast     bool                          `json:"dropLast"`
}

type planCase struct {
	Name        string      `json:"name"`
	Request     planRequest `json:"request"`
	ResumeAfter int         `json:"resumeAfter"`
}

type plan struct {
	Dataset string     `json:"dataset"`
	Cases   []planCase `json:"cases"`
}

type cursorOut struct {
	Epoch       uint32 `json:"epoch"`
	Offset      string `json:"offset"`
	Fingerprint string `json:"fingerprint"`
}

type sampleOut struct {
	ID     string  `json:"id"`
	Label  int32   `json:"label"`
	Tokens string  `json:"tokens"`
	CLS    *string `json:"cls"`
}

type batchOut struct {
	Epoch      uint32      `json:"epoch"`
	BatchIndex uint32      `json:"batchIndex"`
	Cursor     cursorOut   `json:"cursor"`
	DType      string      `json:"dtype"`
	Shape      []int       `json:"shape"`
	Samples    []sampleOut `json:"samples"`
}

func toProto(dataset string, r planRequest) *loffv1.StreamBatchesRequest {
	req := &loffv1.StreamBatchesRequest{
		Dataset: dataset, Split: r.Split, BatchSize: r.BatchSize, Seed: r.Seed, Epochs: r.Epochs,
		Shuffle: r.Shuffle, DropLast: r.DropLast, IncludeCls: r.IncludeCls,
		Dtype: loffv1.DataType_DATA_TYPE_FLOAT16, Layout: loffv1.Layout_LAYOUT_TOKENS,
	}
	if req.Split == "" {
		req.Split = "train"
	}
	if r.DType == "float32" {
		req.Dtype = loffv1.DataType_DATA_TYPE_FLOAT32
	}
	if r.Layout == "grid" {
		req.Layout = loffv1.Layout_LAYOUT_GRID
	}
	if r.Shard != nil {
		req.Shard = &loffv1.Shard{Rank: r.Shard.Rank, World: r.Shard.World, Remainder: loffv1.Remainder_REMAINDER_WRAP}
	}
	if r.Augmentation != "" {
		req.Augmentation = &loffv1.AugmentationPolicy{Preset: r.Augmentation}
	}
	return req
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func record(b *loff.Batch) batchOut {
	out := batchOut{
		Epoch: b.Epoch, BatchIndex: b.BatchIndex, Shape: b.Tokens.Shape,
		DType:  map[loffv1.DataType]string{loffv1.DataType_DATA_TYPE_FLOAT16: "float16", loffv1.DataType_DATA_TYPE_FLOAT32: "float32"}[b.Tokens.DType],
		Cursor: cursorOut{Epoch: b.Cursor.GetEpoch(), Offset: strconv.FormatUint(b.Cursor.GetOffset(), 10), Fingerprint: strconv.FormatUint(b.Cursor.GetFingerprint(), 10)},
	}
	for i, id := range b.SampleIDs {
		s := sampleOut{ID: strconv.FormatUint(id, 10), Label: b.Labels[i], Tokens: sha(b.Tokens.Row(i))}
		if b.CLS != nil {
			c := sha(b.CLS.Row(i))
			s.CLS = &c
		}
		out.Samples = append(out.Samples, s)
	}
	return out
}

// readAll reads a stream to its end, or `limit` batches when limit > 0.
func readAll(ctx context.Context, c *loff.Client, req *loffv1.StreamBatchesRequest, limit int) ([]batchOut, *loffv1.Cursor, error) {
	s := c.StreamBatches(ctx, req)
	defer s.Close()
	var out []batchOut
	var last *loffv1.Cursor
	for limit <= 0 || len(out) < limit {
		b, err := s.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		out = append(out, record(b))
		last = b.Cursor
	}
	return out, last, nil
}

func run() error {
	planPath := flag.String("plan", "", "conformance plan (JSON)")
	address := flag.String("address", "", "server host:port")
	flag.Parse()
	raw, err := os.ReadFile(*planPath)
	if err != nil {
		return err
	}
	var p plan
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	c, err := loff.Dial(*address, loff.Options{})
	if err != nil {
		return err
	}
	defer c.Close()
	ctx := context.Background()
	cases := map[string][]batchOut{}
	for _, pc := range p.Cases {
		req := toProto(p.Dataset, pc.Request)
		first, cursor, err := readAll(ctx, c, req, pc.ResumeAfter)
		if err != nil {
			return fmt.Errorf("case %s: %w", pc.Name, err)
		}
		if pc.ResumeAfter > 0 {
			req.Start = cursor
			rest, _, err := readAll(ctx, c, req, 0)
			if err != nil {
				return fmt.Errorf("case %s (resumed): %w", pc.Name, err)
			}
			first = append(first, rest...)
		}
		cases[pc.Name] = first
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"language": "go", "cases": cases})
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loff-conformance:", err)
		os.Exit(1)
	}
}
