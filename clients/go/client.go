// Package loff is the Go client of loff's FeatureService: unary calls with deadlines, and streams of
// batches that resume from the last cursor with jittered backoff when the server goes away
// (UNAVAILABLE, a dropped connection), on the same or another replica.
package loff

import (
	"context"
	"io"
	"math/rand"
	"regexp"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"loff/client/loffv1"
)

// Client talks to one loff server (or a load-balanced name such as dns:///loff-headless:50051).
type Client struct {
	conn *grpc.ClientConn
	rpc  loffv1.FeatureServiceClient
	opts Options
}

// Dial creates a client; the connection is made lazily, like every gRPC channel.
func Dial(address string, opts Options) (*Client, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	dialOpts := []grpc.DialOption{
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(o.MaxReceiveMessageBytes)),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: o.KeepaliveTime, Timeout: o.KeepaliveTimeout}),
	}
	if o.FlowControlWindowBytes > 0 {
		// A fixed window turns off grpc-go's BDP estimation, which starts at 64 KiB and grows slowly.
		dialOpts = append(dialOpts, grpc.WithInitialWindowSize(o.FlowControlWindowBytes), grpc.WithInitialConnWindowSize(o.FlowControlWindowBytes))
	}
	if o.TLS != nil {
		dialOpts = append(dialOpts, grpc.WithTransportCredentials(credentials.NewTLS(o.TLS)))
	} else {
		dialOpts = append(dialOpts, grpc.WithInsecure())
	}
	conn, err := grpc.Dial(address, append(dialOpts, o.DialOptions...)...)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, rpc: loffv1.NewFeatureServiceClient(conn), opts: o}, nil
}

// Close closes the connection; open streams fail with CANCELED.
func (c *Client) Close() error { return c.conn.Close() }

func (c *Client) withToken(ctx context.Context) context.Context {
	if c.opts.Token == "" {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+c.opts.Token)
}

// ListDatasets lists the datasets the server serves, sorted by name.
func (c *Client) ListDatasets(ctx context.Context) ([]*loffv1.DatasetSummary, error) {
	ctx, cancel := context.WithTimeout(c.withToken(ctx), c.opts.UnaryTimeout)
	defer cancel()
	res, err := c.rpc.ListDatasets(ctx, &loffv1.ListDatasetsRequest{})
	return res.GetDatasets(), err
}

// DatasetInfo describes one dataset: shapes, label names, statistics, provenance and presets.
func (c *Client) DatasetInfo(ctx context.Context, dataset string) (*loffv1.DatasetInfo, error) {
	ctx, cancel := context.WithTimeout(c.withToken(ctx), c.opts.UnaryTimeout)
	defer cancel()
	res, err := c.rpc.GetDatasetInfo(ctx, &loffv1.GetDatasetInfoRequest{Dataset: dataset})
	return res.GetInfo(), err
}

// Batch is one received batch.
type Batch struct {
	// Tokens is [B, N, C] or [B, H, W, C].
	Tokens Tensor
	// CLS is [B, C], nil when the request set include_cls=false.
	CLS       *Tensor
	Labels    []int32
	SampleIDs []uint64
	// Cursor resumes the stream right after this batch.
	Cursor     *loffv1.Cursor
	Epoch      uint32
	BatchIndex uint32
}

func batchOf(m *loffv1.StreamBatchesResponse) (*Batch, error) {
	tokens, err := tensorOf(m.GetTokens())
	if err != nil {
		return nil, err
	}
	b := &Batch{Tokens: tokens, Labels: m.GetLabels(), SampleIDs: m.GetSampleIds(), Cursor: m.GetCursor(), Epoch: m.GetEpoch(), BatchIndex: m.GetBatchIndex()}
	if m.GetCls() != nil {
		cls, err := tensorOf(m.GetCls())
		if err != nil {
			return nil, err
		}
		b.CLS = &cls
	}
	return b, nil
}

// Stream yields the batches of one StreamBatches request; it is not safe for concurrent use.
type Stream struct {
	c       *Client
	ctx     context.Context
	req     *loffv1.StreamBatchesRequest
	call    loffv1.FeatureService_StreamBatchesClient
	cancel  context.CancelFunc
	attempt int
	random  *rand.Rand
	err     error // io.EOF or the error that ended the stream: returned again by later calls
}

// StreamBatches starts a stream; the request is copied, so the caller may reuse it.
func (c *Client) StreamBatches(ctx context.Context, req *loffv1.StreamBatchesRequest) *Stream {
	return &Stream{c: c, ctx: ctx, req: proto.Clone(req).(*loffv1.StreamBatchesRequest), random: rand.New(rand.NewSource(time.Now().UnixNano()))}
}

var resetStream = regexp.MustCompile(`(?i)RST_STREAM|connection dropped`)

// IsRetryable reports whether a stream error means "the server went away": resume elsewhere.
func IsRetryable(err error) bool {
	s, ok := status.FromError(err)
	if !ok {
		return false
	}
	return s.Code() == codes.Unavailable || (s.Code() == codes.Internal && resetStream.MatchString(s.Message()))
}

// Recv returns the next batch, io.EOF after the last one, or the error that ended the stream
// after MaxRetries resumptions.
func (s *Stream) Recv() (*Batch, error) {
	if s.err != nil {
		return nil, s.err
	}
	b, err := s.recv()
	if err != nil {
		s.Close()
		s.err = err
	}
	return b, err
}

// recv reads one batch, resuming after retryable failures.
func (s *Stream) recv() (*Batch, error) {
	for {
		if s.call == nil {
			ctx, cancel := context.WithCancel(s.c.withToken(s.ctx))
			call, err := s.c.rpc.StreamBatches(ctx, s.req)
			if err != nil {
				cancel()
				if retryErr := s.retry(err); retryErr != nil {
					return nil, retryErr
				}
				continue
			}
			s.call, s.cancel = call, cancel
		}
		m, err := s.call.Recv()
		if err == nil {
			s.attempt = 0
			b, err := batchOf(m)
			if err != nil {
				return nil, err
			}
			s.req.Start = b.Cursor
			return b, nil
		}
		s.Close()
		if err == io.EOF {
			return nil, io.EOF
		}
		if retryErr := s.retry(err); retryErr != nil {
			return nil, retryErr
		}
	}
}

// retry waits before the next attempt, or returns err when it is final.
func (s *Stream) retry(err error) error {
	if !IsRetryable(err) || s.attempt >= s.c.opts.MaxRetries {
		return err
	}
	s.attempt++
	delay := s.c.opts.Backoff.Delay(s.attempt, s.random.Float64)
	if s.c.opts.OnRetry != nil {
		s.c.opts.OnRetry(s.attempt, err, delay)
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-s.ctx.Done():
		return s.ctx.Err()
	case <-t.C:
		return nil
	}
}

// Close cancels the call in flight (needed when the caller stops before io.EOF).
func (s *Stream) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	s.call, s.cancel = nil, nil
}
