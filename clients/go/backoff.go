package loff

import (
	"math"
	"time"
)

// Delay is the wait before retry attempt (1-based): uniform in [0, min(Max, Initial*Multiplier^(attempt-1))]
// ("full jitter"), so trainers reconnecting to a restarted server do not arrive in lock-step.
func (b Backoff) Delay(attempt int, random func() float64) time.Duration {
	limit := math.Min(float64(b.Max), float64(b.Initial)*math.Pow(b.Multiplier, math.Max(0, float64(attempt-1))))
	return time.Duration(random() * limit)
}
