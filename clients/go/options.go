package loff

import (
	"crypto/tls"
	"fmt"
	"strings"
	"time"

	"google.golang.org/grpc"
)

// Backoff bounds the jittered delays between stream resumptions.
type Backoff struct {
	Initial    time.Duration
	Max        time.Duration
	Multiplier float64
}

// Options configure a Client; zero fields take the values of DefaultOptions.
type Options struct {
	// Token is sent as "authorization: Bearer <token>" on every call.
	Token string
	// TLS enables transport security (nil = plaintext); set ServerName to verify another name.
	TLS *tls.Config
	// UnaryTimeout is the deadline of ListDatasets and DatasetInfo.
	UnaryTimeout time.Duration
	// MaxRetries is how many consecutive failed attempts (no batch in between) a stream survives;
	// negative means none.
	MaxRetries int
	Backoff    Backoff
	// MaxReceiveMessageBytes raises gRPC's 4 MiB default: a batch of a big grid is far larger.
	MaxReceiveMessageBytes int
	// FlowControlWindowBytes is the HTTP/2 stream and connection window; negative keeps grpc-go's
	// automatic (BDP-estimated) window.
	FlowControlWindowBytes int32
	// KeepaliveTime is the ping interval on an open connection (loff servers refuse < 10 s).
	KeepaliveTime    time.Duration
	KeepaliveTimeout time.Duration
	// OnRetry, when set, is called before each resumption with the attempt, error and delay.
	OnRetry func(attempt int, err error, delay time.Duration)
	// DialOptions are appended to the client's own (a resolver, interceptors, a balancer config).
	DialOptions []grpc.DialOption
}

// DefaultOptions are the defaults shared with the TypeScript and Python clients.
func DefaultOptions() Options {
	return Options{
		UnaryTimeout:           30 * time.Second,
		MaxRetries:             8,
		Backoff:                Backoff{Initial: 100 * time.Millisecond, Max: 5 * time.Second, Multiplier: 2},
		MaxReceiveMessageBytes: 512 << 20,
		FlowControlWindowBytes: 16 << 20,
		KeepaliveTime:          30 * time.Second,
		KeepaliveTimeout:       20 * time.Second,
	}
}

// resolve fills zero fields from the defaults and rejects invalid values.
func (o Options) resolve() (Options, error) {
	d := DefaultOptions()
	if o.UnaryTimeout == 0 {
		o.UnaryTimeout = d.UnaryTimeout
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = d.MaxRetries
	} else if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.Backoff == (Backoff{}) {
		o.Backoff = d.Backoff
	}
	if o.MaxReceiveMessageBytes == 0 {
		o.MaxReceiveMessageBytes = d.MaxReceiveMessageBytes
	}
	if o.FlowControlWindowBytes == 0 {
		o.FlowControlWindowBytes = d.FlowControlWindowBytes
	}
	if o.KeepaliveTime == 0 {
		o.KeepaliveTime = d.KeepaliveTime
	}
	if o.KeepaliveTimeout == 0 {
		o.KeepaliveTimeout = d.KeepaliveTimeout
	}
	switch {
	case o.Backoff.Initial <= 0 || o.Backoff.Max < o.Backoff.Initial || o.Backoff.Multiplier < 1:
		return o, fmt.Errorf("loff: invalid backoff %+v", o.Backoff)
	case o.KeepaliveTime < 10*time.Second:
		return o, fmt.Errorf("loff: keepalive time below 10s is refused by loff servers")
	case o.Token != "" && strings.TrimSpace(o.Token) == "":
		return o, fmt.Errorf("loff: the token is blank")
	case o.MaxReceiveMessageBytes < 0:
		return o, fmt.Errorf("loff: negative message size limit")
	case o.FlowControlWindowBytes > 0 && o.FlowControlWindowBytes < 64<<10:
		return o, fmt.Errorf("loff: flow-control window below HTTP/2's 64 KiB minimum")
	}
	return o, nil
}
