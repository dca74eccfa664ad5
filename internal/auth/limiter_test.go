package auth

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A caller that finds every slot taken waits at most the set time, then
// gets ErrBusy; once a slot is free it proceeds.
func TestHasherBoundsConcurrentHashing(t *testing.T) {
	h := NewHasher(1, 20*time.Millisecond)
	hash, err := HashPassword("ett lösenord för testet")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := h.Verify(context.Background(), hash, "ett lösenord för testet"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Verify with every slot taken: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < 20*time.Millisecond || waited > time.Second {
		t.Errorf("waited %v for a slot, want about 20ms", waited)
	}
	if err := h.VerifyNoUser(context.Background(), "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("VerifyNoUser with every slot taken: %v", err)
	}
	if h.Checks() != 0 {
		t.Errorf("%d checks counted while busy", h.Checks())
	}
	h.release()
	if ok, err := h.Verify(context.Background(), hash, "ett lösenord för testet"); !ok || err != nil {
		t.Errorf("Verify with a free slot: %v, %v", ok, err)
	}
	if h.Checks() != 1 {
		t.Errorf("Checks = %d, want 1", h.Checks())
	}
}
