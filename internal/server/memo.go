package server

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Versioner tells which version of the public data is current: gen
// changes whenever the data may have changed, and live is false while that
// cannot be known (the change listener is down). The page cache's listener
// is one (pagecache.Cache.Version).
type Versioner interface {
	Version() (gen uint64, live bool)
}

// memo keeps values derived from the public data (the map's marks, the
// mentor lineage's layout, the lists they are drawn from) for as long as
// the data stays the same, so that a render reads them instead of the
// database. It holds nothing while the version cannot be known, and drops
// everything when it changes, so it never serves what a committed change
// has made stale, on this instance or another.
type memo struct {
	changes Versioner // nil: keep nothing

	mu      sync.Mutex
	gen     uint64
	entries map[string]*memoEntry
}

// forget drops every kept value now. It is for a write made through this
// instance, so the page that follows it (the redirect after a form) never
// shows what was there before, even if the notification of the change has
// not arrived yet.
func (m *memo) forget() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.entries = nil // what is being computed now goes into the old map
	m.mu.Unlock()
}

// dropIf forgets the value kept under key if it has been computed and
// stale says so; a computation under way is left to finish.
func (m *memo) dropIf(key string, stale func(v any) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return
	}
	select {
	case <-e.done:
		if e.err == nil && stale(e.v) {
			delete(m.entries, key)
		}
	default:
	}
}

type memoEntry struct {
	done chan struct{} // closed when v and err are set
	v    any
	err  error
}

// ownWritesFresh is how long after sending a change a signed-in person
// reads afresh rather than from the memo, on every instance. A change
// reaches another instance's memo by notification, within milliseconds of
// its commit; the redirect after a form can reach that instance sooner.
// The margin covers the notification's delay and the instances' clocks.
const ownWritesFresh = 10 * time.Second

type freshKey struct{}

// readOwnWrites lets a signed-in person see their own change at once
// whichever instance answers next: a request that may change data is
// stamped in the session (which every instance reads from the database),
// and a session stamped within ownWritesFresh reads past the memo. Goes
// after loadUser.
func (s *Server) readOwnWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r) == nil {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		now := time.Now()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			if wrote := s.Sessions.GetInt64(ctx, sessWrote); wrote == 0 || now.Sub(time.UnixMilli(wrote)) >= ownWritesFresh {
				next.ServeHTTP(w, r)
				return
			}
		default:
			s.Sessions.Put(ctx, sessWrote, now.UnixMilli())
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, freshKey{}, true)))
	})
}

// forgetAfterWrites empties the memo after each request that may have
// changed data, before its response (usually a redirect) leaves.
func (s *Server) forgetAfterWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			s.memo.forget()
		}
	})
}

// memoLimit bounds the entries; per-organisation values make up most.
const memoLimit = 4096

// remember returns the value kept under key for the current version of the
// data, computing it with compute if there is none (and always for a
// request that reads afresh, see readOwnWrites). Concurrent callers of
// one key wait for a single computation. compute's context carries the
// caller's values but not its cancellation, so one visitor going away does
// not fail the others waiting for the same value. The value is shared:
// callers must not modify it.
func remember[T any](ctx context.Context, m *memo, key string, compute func(context.Context) (T, error)) (T, error) {
	if m == nil || m.changes == nil || ctx.Value(freshKey{}) != nil {
		return compute(ctx)
	}
	gen, live := m.changes.Version()
	if !live {
		return compute(ctx)
	}
	m.mu.Lock()
	if m.gen != gen || m.entries == nil || len(m.entries) >= memoLimit {
		m.gen, m.entries = gen, map[string]*memoEntry{}
	}
	e, ok := m.entries[key]
	if !ok {
		e = &memoEntry{done: make(chan struct{})}
		m.entries[key] = e
	}
	m.mu.Unlock()

	if ok {
		select {
		case <-e.done:
			if e.err == nil {
				return e.v.(T), nil
			}
			// The computation failed; try for ourselves.
			return compute(ctx)
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}

	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	v, err := compute(cctx)
	cancel()
	e.v, e.err = v, err
	close(e.done)
	// A value that failed, or that was computed while the data changed,
	// is not kept: it may predate the change.
	if now, live := m.changes.Version(); err != nil || now != gen || !live {
		m.mu.Lock()
		if m.entries[key] == e {
			delete(m.entries, key)
		}
		m.mu.Unlock()
	}
	return v, err
}

// hourly is a value and the hour (Unix hours) it was computed in.
type hourly[T any] struct {
	hour int64
	v    T
}

// rememberHourly is remember for a value that also follows the clock (what
// is overdue, which meetings have been held): a value from an earlier hour
// than now's is computed again and replaces it (once, however many ask at
// the turn of the hour), so one value per key is kept however long the
// data stays the same.
func rememberHourly[T any](ctx context.Context, m *memo, key string, now time.Time,
	compute func(context.Context) (T, error)) (T, error) {
	hour := now.Unix() / 3600
	get := func() (hourly[T], error) {
		return remember(ctx, m, key, func(ctx context.Context) (hourly[T], error) {
			v, err := compute(ctx)
			return hourly[T]{hour: hour, v: v}, err
		})
	}
	kept, err := get()
	if err == nil && kept.hour < hour && m != nil {
		m.dropIf(key, func(v any) bool { return v.(hourly[T]).hour < hour })
		kept, err = get()
	}
	return kept.v, err
}
