// Command loff-stream is the Go client's example: it lists a server's datasets or streams one and
// reports what arrived (batches, samples, throughput, label counts), resuming after server restarts.
//
//	go run ./cmd/loff-stream -address 127.0.0.1:50051 -dataset openclipart -batch-size 64 -preset loff-ta -epochs 2
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	loff "loff/client"
	"loff/client/loffv1"
)

func run() error {
	address := flag.String("address", "127.0.0.1:50051", "server host:port")
	dataset := flag.String("dataset", "", "dataset to stream; empty lists the datasets")
	split := flag.String("split", "train", "split")
	batchSize := flag.Uint("batch-size", 64, "samples per batch")
	epochs := flag.Uint("epochs", 1, "epochs to stream (0 = forever)")
	seed := flag.Uint64("seed", 0, "seed of order and augmentation")
	shuffle := flag.Bool("shuffle", true, "shuffle each epoch")
	preset := flag.String("preset", "", `augmentation preset ("loff-ta", ...); empty = none`)
	dtype := flag.String("dtype", "float16", "float16 or float32")
	rank := flag.Uint("rank", 0, "this trainer's rank")
	world := flag.Uint("world", 1, "number of ranks")
	token := flag.String("token-file", "", "file holding a bearer token")
	flag.Parse()

	opts := loff.Options{OnRetry: func(attempt int, err error, delay time.Duration) {
		fmt.Fprintf(os.Stderr, "resuming (attempt %d in %v): %v\n", attempt, delay, err)
	}}
	if *token != "" {
		b, err := os.ReadFile(*token)
		if err != nil {
			return err
		}
		opts.Token = strings.TrimSpace(string(b))
	}
	c, err := loff.Dial(*address, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx := context.Background()
	if *dataset == "" {
		ds, err := c.ListDatasets(ctx)
		if err != nil {
			return err
		}
		for _, d := range ds {
			fmt.Printf("%s\t%d samples\t%dx%dx%d\t%d classes\n", d.Name, d.Samples, d.GridHeight, d.GridWidth, d.Channels, d.NumClasses)
		}
		return nil
	}
	req := &loffv1.StreamBatchesRequest{
		Dataset: *dataset, Split: *split, BatchSize: uint32(*batchSize), Epochs: uint32(*epochs), Seed: *seed,
		Shuffle: *shuffle, Dtype: loffv1.DataType_DATA_TYPE_FLOAT16,
	}
	if *dtype == "float32" {
		req.Dtype = loffv1.DataType_DATA_TYPE_FLOAT32
	}
	if *world > 1 {
		req.Shard = &loffv1.Shard{Rank: uint32(*rank), World: uint32(*world)}
	}
	if *preset != "" {
		req.Augmentation = &loffv1.AugmentationPolicy{Preset: *preset}
	}
	s := c.StreamBatches(ctx, req)
	defer s.Close()
	start := time.Now()
	var batches, samples, bytes int
	labels := map[int32]int{}
	for {
		b, err := s.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		batches++
		samples += len(b.SampleIDs)
		bytes += len(b.Tokens.Data)
		for _, l := range b.Labels {
			labels[l]++
		}
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("%d batches, %d samples in %.2fs: %.0f samples/s, %.1f MB/s of tokens; samples per label %v\n",
		batches, samples, secs, float64(samples)/secs, float64(bytes)/secs/1e6, labels)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loff-stream:", err)
		os.Exit(1)
	}
}
