package server

import (
	"bytes"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// quietStore is a session store that skips the write scs makes on every
// request only to move an unchanged session's idle expiry forward, as long
// as this instance wrote the same data less than every ago. Without it,
// each page a signed-in person opens costs an UPSERT of their session, a
// write with its WAL and dead tuple, where reading was all they did.
//
// The price is that a session may end up to every before its idle timeout.
// Data that changed is always written, and skipping never overwrites what
// another instance wrote (it only leaves the row alone).
type quietStore struct {
	scs.Store
	every time.Duration

	mu   sync.Mutex
	last map[string]committed // by token: what this instance last wrote
}

type committed struct {
	data   []byte
	expiry time.Time
}

// quietLimit bounds the tokens remembered; past it they are forgotten all
// at once, which costs each live session one more write.
const quietLimit = 100_000

func newQuietStore(s scs.Store, every time.Duration) *quietStore {
	return &quietStore{Store: s, every: every, last: map[string]committed{}}
}

// Commit writes the session unless only its expiry moved, by less than
// every since this instance last wrote it.
func (q *quietStore) Commit(token string, b []byte, expiry time.Time) error {
	q.mu.Lock()
	c, ok := q.last[token]
	q.mu.Unlock()
	if ok && bytes.Equal(c.data, b) && !expiry.Before(c.expiry) && expiry.Sub(c.expiry) < q.every {
		return nil
	}
	if err := q.Store.Commit(token, b, expiry); err != nil {
		return err
	}
	q.mu.Lock()
	if len(q.last) >= quietLimit {
		clear(q.last)
	}
	q.last[token] = committed{data: bytes.Clone(b), expiry: expiry}
	q.mu.Unlock()
	return nil
}

// Delete forgets the token and deletes the session.
func (q *quietStore) Delete(token string) error {
	q.mu.Lock()
	delete(q.last, token)
	q.mu.Unlock()
	return q.Store.Delete(token)
}
