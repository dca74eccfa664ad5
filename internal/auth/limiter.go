package auth

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"time"
)

// ErrBusy means every hashing slot stayed taken for the whole wait: the
// request should be answered 503 with Retry-After, not queued further.
var ErrBusy = errors.New("too many password checks at once")

// Hasher bounds how many argon2id hashes are computed at once. Each takes
// about 19 MiB for its duration, so a flood of sign-ins would otherwise grow
// the process by that much per request; with slots close to the number of
// CPUs the throughput is the same and memory stays flat.
type Hasher struct {
	slots  chan struct{}
	wait   time.Duration
	checks atomic.Int64
}

// NewHasher returns a Hasher with n slots whose callers wait at most wait
// for one.
func NewHasher(n int, wait time.Duration) *Hasher {
	return &Hasher{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release frees the slot. The last hash to finish starts a garbage
// collection: its 19 MiB had raised the collector's goal to twice the heap
// with them in it, and the garbage that ordinary requests leave would
// otherwise fill that room before the next collection, a peak of some
// 40 MB more resident memory for nothing. A collection of the portal's
// usual heap costs a millisecond or two of CPU, against the hash's tens.
func (h *Hasher) release() {
	<-h.slots
	if len(h.slots) == 0 {
		go runtime.GC()
	}
}

// Verify is VerifyPassword within a slot.
func (h *Hasher) Verify(ctx context.Context, hash, password string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	h.checks.Add(1)
	return VerifyPassword(hash, password)
}

// VerifyNoUser is VerifyNoUser within a slot.
func (h *Hasher) VerifyNoUser(ctx context.Context, password string) error {
	if err := h.acquire(ctx); err != nil {
		return err
	}
	defer h.release()
	h.checks.Add(1)
	VerifyNoUser(password)
	return nil
}

// Hash is HashPassword within a slot.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return HashPassword(password)
}

// Checks counts the passwords verified so far, for tests and metrics.
func (h *Hasher) Checks() int64 { return h.checks.Load() }
